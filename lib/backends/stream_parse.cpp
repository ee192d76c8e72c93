// SPDX-License-Identifier: MIT
// Incremental parsers for streamed HTTP bodies: lines (NDJSON) and Server-Sent Events.
#include "lib/backends/stream_parse.h"

#include <cstring>

namespace rag {

bool LineSplitter::feed(std::string_view bytes, const LineFn& line) {
    if (after_cr_ && !bytes.empty() && bytes.front() == '\n') bytes.remove_prefix(1);
    after_cr_ = false;
    while (!bytes.empty()) {
        size_t end = bytes.find_first_of("\r\n");
        if (end == std::string_view::npos) {
            if (partial_.size() + bytes.size() > max_line_) return false;
            partial_.append(bytes);
            return true;
        }
        if (partial_.empty()) {
            line(bytes.substr(0, end));  // whole line inside this chunk: no copy
        } else {
            partial_.append(bytes.substr(0, end));
            line(partial_);
            partial_.clear();
        }
        bool cr = bytes[end] == '\r';
        bytes.remove_prefix(end + 1);
        if (cr) {
            if (bytes.empty()) after_cr_ = true;
            else if (bytes.front() == '\n') bytes.remove_prefix(1);
        }
    }
    return true;
}

bool SseParser::feed(std::string_view bytes, const EventFn& event) {
    return lines_.feed(bytes, [&](std::string_view line) { on_line(line, event); });
}

void SseParser::finish(const EventFn& event) {
    if (!lines_.rest().empty()) on_line(std::string(lines_.rest()), event);
    dispatch(event);
}

void SseParser::on_line(std::string_view line, const EventFn& event) {
    if (line.empty()) return dispatch(event);
    if (line.front() == ':') return;  // a comment (keep-alive)
    size_t colon = line.find(':');
    std::string_view field = line.substr(0, colon), value;
    if (colon != std::string_view::npos) {
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    }
    if (field == "data") {
        if (has_data_) data_.push_back('\n');
        data_.append(value);
        has_data_ = true;
    } else if (field == "event") {
        type_ = value;
    } else if (field == "error") {  // llama.cpp: "error: {json}" as its own field
        type_ = "error";
        if (has_data_) data_.push_back('\n');
        data_.append(value);
        has_data_ = true;
    }
}

void SseParser::dispatch(const EventFn& event) {
    if (has_data_) event(SseEvent{type_, data_});
    type_.clear();
    data_.clear();
    has_data_ = false;
}

}  // namespace rag
