// SPDX-License-Identifier: MIT
// A run's relayed events, numbered as on the wire, kept within a byte bound for a client that comes back.
#include "lib/http/event_log.h"

namespace rag::http {

uint64_t EventLog::append(std::string_view type, std::string_view data) {
    uint64_t seq = next_seq_++;
    events_.push_back({seq, std::string(type), std::string(data)});
    size_t c = cost(events_.back());
    bytes_ += c;
    if (total_) *total_ += c;
    while (bytes_ > max_bytes_ && !events_.empty()) drop_oldest();
    return seq;
}

void EventLog::clear() {
    if (total_) *total_ -= bytes_;
    bytes_ = 0;
    events_.clear();
    events_.shrink_to_fit();
}

void EventLog::drop_oldest() {
    size_t c = cost(events_.front());
    bytes_ -= c;
    if (total_) *total_ -= c;
    events_.pop_front();
}

}  // namespace rag::http
