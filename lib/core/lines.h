// SPDX-License-Identifier: MIT
// A line reader over a file descriptor whose buffer keeps simdjson's padding.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

namespace rag {

constexpr size_t kDefaultMaxLine = 16u << 20;  // 16 MiB
constexpr size_t kJsonPadding = 64;            // >= SIMDJSON_PADDING (checked in lines.cpp)

/// One input line, without its "\n" or "\r\n". `text` points into the
/// reader's buffer and stays valid until the next call to fill() or next().
/// At least kJsonPadding readable bytes follow text.end(), so simdjson can
/// parse it in place.
struct Line {
    std::string_view text;
    size_t number = 0;      ///< 1-based line number in the input
    bool too_long = false;  ///< longer than the cap: text is empty, line skipped
};

/// Reads lines from `fd`. Blocking tools call fill() when next() has nothing
/// left; poll-based tools call fill() when the fd is readable. A last line
/// without "\n" is returned at end of input.
class LineReader {
public:
    explicit LineReader(int fd, size_t max_line = kDefaultMaxLine);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    /// Takes the next complete line already buffered; false if there is none.
    bool next(Line& line);

    /// Reads once from the fd (blocking unless the fd is non-blocking).
    /// Returns false at end of input. EAGAIN and EINTR return true with
    /// nothing read. Throws rag::Fatal on a read error.
    bool fill();

    bool eof() const { return eof_; }
    /// True if a complete line is buffered (next() would succeed).
    bool has_line() const;

private:
    void make_room();

    int fd_;
    size_t max_line_;
    std::unique_ptr<char[]> buf_;
    size_t capacity_ = 0;  // usable bytes; kJsonPadding more are allocated
    size_t begin_ = 0, end_ = 0;
    size_t scanned_ = 0;  // bytes after begin_ known to hold no '\n'
    size_t line_number_ = 0;
    bool skipping_ = false;  // inside an over-long line, discarding to its end
    bool eof_ = false;
};

}  // namespace rag
