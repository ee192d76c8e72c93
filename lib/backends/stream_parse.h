// SPDX-License-Identifier: MIT
// Incremental parsers for streamed HTTP bodies: lines (NDJSON) and Server-Sent Events.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace rag {

/// Splits bytes into lines as they arrive, whatever the chunk boundaries.
/// A line ends at "\n", "\r\n" or a lone "\r" (the SSE rule; NDJSON servers
/// send "\n"); the terminator is not part of the line.
class LineSplitter {
public:
    using LineFn = std::function<void(std::string_view)>;

    explicit LineSplitter(size_t max_line = 16u << 20) : max_line_(max_line) {}

    /// Calls `line` for every line completed by `bytes`. Returns false if a
    /// line grew past the cap (the stream is then unusable).
    bool feed(std::string_view bytes, const LineFn& line);

    /// Bytes of an unterminated last line.
    std::string_view rest() const { return partial_; }

private:
    std::string partial_;
    size_t max_line_;
    bool after_cr_ = false;  // the last byte seen was "\r": a following "\n" belongs to it
};

/// One dispatched Server-Sent Event: its `event` field ("" when absent) and
/// its data lines joined by "\n". A non-standard `error:` field (llama.cpp's
/// server sends one) is reported as an event of type "error".
struct SseEvent {
    std::string_view type;
    std::string_view data;
};

/// The SSE field grammar (WHATWG HTML, "event stream interpretation"):
/// `field: value` lines, comments starting with ':', an event dispatched at a
/// blank line; `id` and `retry` are ignored.
class SseParser {
public:
    using EventFn = std::function<void(const SseEvent&)>;

    /// Calls `event` for each event completed by `bytes`. False as LineSplitter::feed.
    bool feed(std::string_view bytes, const EventFn& event);

    /// At end of stream: dispatches an event left without its blank line.
    void finish(const EventFn& event);

private:
    void on_line(std::string_view line, const EventFn& event);
    void dispatch(const EventFn& event);

    LineSplitter lines_;
    std::string type_, data_;
    bool has_data_ = false;
};

}  // namespace rag
