// SPDX-License-Identifier: MIT
// An incremental HTTP/1.1 request parser: request line, headers, Content-Length or chunked body.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/http/chunked.h"

namespace rag::http {

/// One parsed request. Header names keep their case; lookups ignore it.
struct Request {
    std::string method;
    std::string target;     ///< as sent: path and query
    std::string path;       ///< target before '?', percent-decoded
    std::string query;      ///< target after '?', raw
    int minor_version = 1;  ///< HTTP/1.x
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    bool keep_alive = true;  ///< after this exchange (version, Connection header, framing)

    /// The value of header `name` (case-insensitive), or "" if absent.
    std::string_view header(std::string_view name) const;
    /// The percent-decoded value of query parameter `name` ('+' is a space), or "".
    std::string param(std::string_view name) const;
};

struct Limits {
    size_t max_header_bytes = 16 * 1024;  ///< request line and headers together (431 above)
    size_t max_headers = 100;
    size_t max_body = 64 * 1024;         ///< Content-Length, or chunked bytes as they arrive (413 above)
    size_t max_request_line = 8 * 1024;  ///< the request line alone (414 above)
};

/// Feeds bytes in any pieces; yields whole requests. After an error the
/// parser stays failed: answer with status() and close the connection.
class RequestParser {
public:
    enum class State { kNeedMore, kComplete, kError };

    explicit RequestParser(Limits limits = {}) : limits_(limits) {}

    /// Consumes bytes from `data` and returns how many it used. Stops at the
    /// end of one request (state kComplete): the rest belongs to the next one.
    size_t feed(std::string_view data);

    State state() const { return state_; }
    /// True once some byte of the current request has arrived.
    bool started() const { return started_; }
    /// True once the head is parsed (request() has method, path, headers).
    bool head_done() const { return phase_ != Phase::kHead; }
    /// The request, valid in state kComplete; take it, then reset().
    Request& request() { return req_; }
    /// In state kError: the status to answer (400, 413, 414, 431, 501, 505).
    int status() const { return status_; }
    const std::string& error() const { return error_; }

    /// Prepares for the next request on the same connection.
    void reset();

private:
    enum class Phase { kHead, kBody, kChunked };
    size_t feed_head(std::string_view data);
    size_t feed_body(std::string_view data);
    size_t find_head_end();
    bool parse_head();
    bool parse_request_line(std::string_view line);
    bool parse_header_line(std::string_view line);
    bool finish_head();
    bool check_host();
    bool choose_framing();
    bool fail(int status, std::string message);

    Limits limits_;
    State state_ = State::kNeedMore;
    Phase phase_ = Phase::kHead;
    bool started_ = false;
    std::string head_;    // bytes of the head so far
    size_t scanned_ = 0;  // bytes of head_ known not to end the head
    size_t body_left_ = 0;
    ChunkedDecoder chunked_{0, 0};
    Request req_;
    int status_ = 0;
    std::string error_;
};

/// Decodes %XX escapes (and '+' as space when `plus_is_space`). Invalid
/// escapes are kept as they are.
std::string percent_decode(std::string_view s, bool plus_is_space);

}  // namespace rag::http
