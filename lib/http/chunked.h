// SPDX-License-Identifier: MIT
// The chunked transfer coding of request bodies (RFC 9112 section 7.1), decoded as bytes arrive.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace rag::http {

/// Decodes one chunked body in pieces of any size. The body limit counts
/// decoded bytes as they arrive, so a body over it fails before it is read.
class ChunkedDecoder {
public:
    enum class State { kNeedMore, kComplete, kError };

    ChunkedDecoder(size_t max_body, size_t max_line) : max_body_(max_body), max_line_(max_line) {}

    /// Appends decoded bytes to `body`; returns how many of `data` it used
    /// (it stops after the last chunk's trailer section).
    size_t feed(std::string_view data, std::string& body);

    State state() const { return state_; }
    /// In state kError: 400 (malformed framing) or 413 (body too large).
    int status() const { return status_; }
    const std::string& error() const { return error_; }

private:
    enum class Phase { kSize, kData, kDataEnd, kTrailer };
    size_t feed_line(std::string_view data);
    void line_done(std::string_view line, std::string& body);
    void size_line(std::string_view line, std::string& body);
    void fail(int status, std::string message);

    size_t max_body_, max_line_;
    State state_ = State::kNeedMore;
    Phase phase_ = Phase::kSize;
    std::string line_;  // the line being read (chunk size, data end, trailer field)
    size_t left_ = 0;   // bytes of the current chunk still to come
    size_t trailer_bytes_ = 0;
    int status_ = 0;
    std::string error_;
};

}  // namespace rag::http
