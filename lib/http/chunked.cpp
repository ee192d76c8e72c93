// SPDX-License-Identifier: MIT
// The chunked transfer coding of request bodies (RFC 9112 section 7.1), decoded as bytes arrive.
#include "lib/http/chunked.h"

#include <algorithm>

#include "lib/core/text_file.h"

namespace rag::http {

void ChunkedDecoder::fail(int status, std::string message) {
    state_ = State::kError;
    status_ = status;
    error_ = std::move(message);
}

size_t ChunkedDecoder::feed(std::string_view data, std::string& body) {
    size_t used = 0;
    while (state_ == State::kNeedMore && used < data.size()) {
        if (phase_ != Phase::kData) {
            size_t n = feed_line(data.substr(used));
            used += n;
            if (!line_.empty() && line_.back() == '\n') {
                std::string line = std::move(line_);
                line_.clear();
                line.pop_back();
                if (!line.empty() && line.back() == '\r') line.pop_back();  // a bare LF ends a line too
                line_done(line, body);
            }
            continue;
        }
        size_t take = std::min(left_, data.size() - used);
        body.append(data.substr(used, take));
        used += take;
        left_ -= take;
        if (left_ == 0) phase_ = Phase::kDataEnd;
    }
    return used;
}

// Adds bytes up to and including a line feed to line_; a line may not outgrow max_line_.
size_t ChunkedDecoder::feed_line(std::string_view data) {
    size_t nl = data.find('\n');
    size_t take = nl == std::string_view::npos ? data.size() : nl + 1;
    if (line_.size() + take > max_line_ + 2) {
        fail(400, "chunked body: line too long");
        return take;
    }
    line_.append(data.substr(0, take));
    return take;
}

void ChunkedDecoder::line_done(std::string_view line, std::string& body) {
    switch (phase_) {
    case Phase::kSize: return size_line(line, body);
    case Phase::kDataEnd:
        if (!line.empty()) return fail(400, "chunked body: chunk data longer than its size");
        phase_ = Phase::kSize;
        return;
    case Phase::kTrailer:
        if (line.empty()) {
            state_ = State::kComplete;
            return;
        }
        // Trailer fields are read and dropped (RFC 9110 6.5): nothing here uses them.
        trailer_bytes_ += line.size();
        if (line.find(':') == std::string_view::npos || line.front() == ' ' || line.front() == '\t')
            return fail(400, "chunked body: malformed trailer field");
        if (trailer_bytes_ > max_line_) return fail(400, "chunked body: trailer section too large");
        return;
    case Phase::kData: return;
    }
}

// chunk-size [ chunk-ext ]: hex digits, then optional ";name[=value]" extensions, which are ignored.
void ChunkedDecoder::size_line(std::string_view line, std::string& body) {
    size_t size = 0, i = 0;
    for (; i < line.size() && hex_digit(line[i]) >= 0; ++i) {
        if (size > (max_body_ >> 4)) return fail(413, "request body too large");
        size = size * 16 + static_cast<size_t>(hex_digit(line[i]));
    }
    if (i == 0) return fail(400, "chunked body: malformed chunk size");
    std::string_view rest = line.substr(i);
    size_t ext = rest.find_first_not_of(" \t");  // BWS before ';'
    if (ext != std::string_view::npos && rest[ext] != ';') return fail(400, "chunked body: malformed chunk size");
    if (rest.find_first_of(std::string_view("\r\0", 2)) != std::string_view::npos)
        return fail(400, "chunked body: stray CR or NUL in a chunk size line");
    if (size > max_body_ - std::min(max_body_, body.size())) return fail(413, "request body too large");
    left_ = size;
    phase_ = size == 0 ? Phase::kTrailer : Phase::kData;
    if (size) body.reserve(body.size() + size);
}

}  // namespace rag::http
