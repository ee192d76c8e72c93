// SPDX-License-Identifier: MIT
// An incremental HTTP/1.1 request parser: request line, headers, Content-Length or chunked body.
#include "lib/http/request.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "lib/core/text_file.h"

namespace rag::http {
namespace {

bool iequals(std::string_view a, std::string_view b) {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return tolower(x) == tolower(y); });
}

// RFC 9110 token characters (method, header names).
bool is_tchar(unsigned char c) { return isalnum(c) || (c && strchr("!#$%&'*+-.^_`|~", c)); }

bool all_tchars(std::string_view s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](char c) { return is_tchar(static_cast<unsigned char>(c)); });
}

// Field values: visible ASCII, obs-text, space and tab; never CR, LF or NUL.
bool valid_field_value(std::string_view s) {
    return std::none_of(s.begin(), s.end(), [](char c) {
        auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7f;
    });
}

}  // namespace

std::string percent_decode(std::string_view s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            int hi = hex_digit(s[i + 1]), lo = hex_digit(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out.push_back(static_cast<char>(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        out.push_back(plus_is_space && s[i] == '+' ? ' ' : s[i]);
    }
    return out;
}

std::string_view Request::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (iequals(k, name)) return v;
    return {};
}

std::string Request::param(std::string_view name) const {
    std::string_view q = query;
    while (!q.empty()) {
        size_t amp = q.find('&');
        std::string_view pair = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
        size_t eq = pair.find('=');
        std::string_view key = pair.substr(0, eq);
        if (percent_decode(key, true) != name) continue;
        return eq == std::string_view::npos ? std::string{} : percent_decode(pair.substr(eq + 1), true);
    }
    return {};
}

void RequestParser::reset() {
    state_ = State::kNeedMore;
    phase_ = Phase::kHead;
    started_ = false;
    head_.clear();
    scanned_ = 0;
    body_left_ = 0;
    chunked_ = ChunkedDecoder(0, 0);
    req_ = Request{};
    status_ = 0;
    error_.clear();
}

bool RequestParser::fail(int status, std::string message) {
    state_ = State::kError;
    status_ = status;
    error_ = std::move(message);
    return false;
}

size_t RequestParser::feed(std::string_view data) {
    if (state_ != State::kNeedMore) return 0;
    size_t used = phase_ == Phase::kHead ? feed_head(data) : 0;
    if (state_ == State::kNeedMore && phase_ != Phase::kHead) used += feed_body(data.substr(used));
    return used;
}

size_t RequestParser::feed_head(std::string_view data) {
    size_t used = 0;
    // Blank lines before a request line are allowed (RFC 9112 2.2).
    while (head_.empty() && used < data.size() && (data[used] == '\r' || data[used] == '\n')) ++used;
    if (used == data.size()) return used;
    started_ = true;
    // Copy at most what can still belong to the head; the rest is body.
    size_t limit = limits_.max_header_bytes + 4;
    size_t room = limit > head_.size() ? limit - head_.size() : 0;
    std::string_view chunk = data.substr(used, room);
    size_t before = head_.size();
    head_.append(chunk);
    used += chunk.size();
    if (before <= limits_.max_request_line + 1) {  // the request line has a limit of its own
        size_t line_end = head_.find('\n');
        if ((line_end == std::string::npos ? head_.size() : line_end) > limits_.max_request_line + 1)
            return fail(414, "request line too long"), used;
    }
    size_t head_len = find_head_end();
    if (head_len == 0) {
        if (head_.size() >= limit) fail(431, "request headers too large");
        return used;
    }
    if (head_len > limit) return fail(431, "request headers too large"), used;
    used -= head_.size() - head_len;
    head_.resize(head_len);
    if (!parse_head()) return used;
    if (phase_ == Phase::kBody && body_left_ == 0) state_ = State::kComplete;
    return used;
}

size_t RequestParser::feed_body(std::string_view data) {
    if (phase_ == Phase::kChunked) {
        size_t used = chunked_.feed(data, req_.body);
        if (chunked_.state() == ChunkedDecoder::State::kComplete) state_ = State::kComplete;
        if (chunked_.state() == ChunkedDecoder::State::kError) fail(chunked_.status(), chunked_.error());
        return used;
    }
    size_t take = std::min(body_left_, data.size());
    req_.body.append(data.substr(0, take));
    body_left_ -= take;
    if (body_left_ == 0) state_ = State::kComplete;
    return take;
}

size_t RequestParser::find_head_end() {
    // The head ends at an empty line: "\n\n" or "\n\r\n" (bare LF is tolerated).
    for (size_t i = scanned_; i < head_.size(); ++i) {
        if (head_[i] != '\n') continue;
        if (i + 1 < head_.size() && head_[i + 1] == '\n') return i + 2;
        if (i + 2 < head_.size() && head_[i + 1] == '\r' && head_[i + 2] == '\n') return i + 3;
        if (i + 2 >= head_.size()) {
            scanned_ = i;
            return 0;
        }  // maybe cut inside the ending
    }
    scanned_ = head_.size();
    return 0;
}

bool RequestParser::parse_head() {
    std::string_view head = head_;
    bool first = true;
    while (!head.empty()) {
        size_t nl = head.find('\n');
        std::string_view line = head.substr(0, nl);
        head.remove_prefix(nl == std::string_view::npos ? head.size() : nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty()) break;
        if (first) {
            if (!parse_request_line(line)) return false;
            first = false;
        } else if (!parse_header_line(line)) {
            return false;
        }
    }
    if (first) return fail(400, "empty request");
    return finish_head();
}

bool RequestParser::parse_request_line(std::string_view line) {
    size_t sp1 = line.find(' ');
    size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
    if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
        return fail(400, "malformed request line");
    std::string_view method = line.substr(0, sp1);
    std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    std::string_view version = line.substr(sp2 + 1);
    if (!all_tchars(method)) return fail(400, "malformed method");
    if (target.empty() || !valid_field_value(target) || target.find_first_of(" \t") != std::string_view::npos)
        return fail(400, "malformed request target");
    if (version.size() != 8 || version.substr(0, 7) != "HTTP/1." || !isdigit(static_cast<unsigned char>(version[7])))
        return fail(505, "HTTP version not supported");
    req_.method = method;
    req_.target = target;
    req_.minor_version = version[7] - '0';
    size_t q = target.find('?');
    std::string_view path = target.substr(0, q);
    if (path.size() > 7 && (path.substr(0, 7) == "http://" || path.substr(0, 8) == "https://")) {
        size_t slash = path.find('/', path.find("//") + 2);  // absolute-form (proxies)
        path = slash == std::string_view::npos ? std::string_view{"/"} : path.substr(slash);
    }
    req_.path = percent_decode(path, false);
    if (q != std::string_view::npos) req_.query = target.substr(q + 1);
    return true;
}

bool RequestParser::parse_header_line(std::string_view line) {
    if (line.front() == ' ' || line.front() == '\t') return fail(400, "obsolete header folding");
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) return fail(400, "malformed header line");
    std::string_view name = line.substr(0, colon);
    std::string_view value = trim_blanks(line.substr(colon + 1));
    if (!all_tchars(name)) return fail(400, "malformed header name");
    if (!valid_field_value(value)) return fail(400, "invalid character in header value");
    if (req_.headers.size() >= limits_.max_headers) return fail(431, "too many headers");
    req_.headers.emplace_back(name, value);
    return true;
}

bool RequestParser::finish_head() {
    if (!check_host() || !choose_framing()) return false;
    std::string_view conn = req_.header("Connection");
    std::string lower(conn);
    std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
    if (req_.minor_version == 0) req_.keep_alive = lower.find("keep-alive") != std::string::npos;
    else req_.keep_alive = req_.keep_alive && lower.find("close") == std::string::npos;
    return true;
}

// RFC 9112 3.2: an HTTP/1.1 request carries exactly one Host; none or several is a 400.
bool RequestParser::check_host() {
    size_t hosts =
        std::count_if(req_.headers.begin(), req_.headers.end(), [](const auto& h) { return iequals(h.first, "Host"); });
    if (hosts > 1) return fail(400, "more than one Host header");
    if (hosts == 0 && req_.minor_version >= 1) return fail(400, "an HTTP/1.1 request needs a Host header");
    return true;
}

// RFC 9112 6.3: Transfer-Encoding wins over Content-Length; a request with both
// may be a smuggling attempt, so the connection closes after its response.
bool RequestParser::choose_framing() {
    std::string codings;
    size_t lengths = 0;
    std::string length;
    for (const auto& [k, v] : req_.headers) {
        if (iequals(k, "Transfer-Encoding")) codings += (codings.empty() ? "" : ",") + v;
        if (!iequals(k, "Content-Length")) continue;
        if (lengths++ && v != length) return fail(400, "conflicting Content-Length headers");
        length = v;
    }
    if (!codings.empty()) {
        if (req_.minor_version == 0) return fail(400, "Transfer-Encoding in an HTTP/1.0 request");
        std::string lower(trim_blanks(codings));
        std::transform(lower.begin(), lower.end(), lower.begin(), ::tolower);
        if (lower != "chunked") return fail(501, "only the chunked transfer coding is supported");
        if (lengths) req_.keep_alive = false;
        chunked_ = ChunkedDecoder(limits_.max_body, limits_.max_header_bytes);
        phase_ = Phase::kChunked;
        return true;
    }
    phase_ = Phase::kBody;
    if (!lengths) return true;
    if (length.empty() || length.size() > 18 || !std::all_of(length.begin(), length.end(), ::isdigit))
        return fail(400, "malformed Content-Length");
    body_left_ = std::stoull(length);
    if (body_left_ > limits_.max_body) return fail(413, "request body too large");
    req_.body.reserve(body_left_);
    return true;
}

}  // namespace rag::http
