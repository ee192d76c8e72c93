// SPDX-License-Identifier: MIT
// A run's relayed events, numbered as on the wire, kept within a byte bound for a client that comes back.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

namespace rag::http {

/// One relayed event; `seq` is the SEQ of its SSE id "RUN:SEQ" (1, 2, ...).
struct LoggedEvent {
    uint64_t seq;
    std::string type, data;
};

/// The events of one stream in order. Past `max_bytes` the oldest are
/// dropped, so a resume from before them can no longer be served whole;
/// numbering goes on regardless. Every change is added to `*total` (when
/// given), the sum the caller bounds over all logs; the log takes its bytes
/// back out when destroyed.
class EventLog {
public:
    /// Bytes counted for each held event besides its type and data.
    static constexpr size_t kEntryOverhead = sizeof(LoggedEvent) + 16;

    explicit EventLog(size_t max_bytes, uint64_t* total = nullptr) : max_bytes_(max_bytes), total_(total) {}
    ~EventLog() { clear(); }
    EventLog(const EventLog&) = delete;
    EventLog& operator=(const EventLog&) = delete;

    /// Appends an event and returns its seq; then drops the oldest events
    /// while the log is over its bound (the new one too if it alone is).
    uint64_t append(std::string_view type, std::string_view data);
    /// Drops every held event (their bytes are needed elsewhere); seqs go on.
    void clear();

    /// True if every event after `seq` is still held (none of them was dropped).
    bool holds_after(uint64_t seq) const { return seq + 1 >= first_held(); }
    /// Calls `f(const LoggedEvent&)` for each held event after `seq`, oldest first.
    template <typename F>
    void for_each_after(uint64_t seq, F&& f) const {
        uint64_t first = first_held();
        for (size_t i = seq < first ? 0 : static_cast<size_t>(seq + 1 - first); i < events_.size(); ++i) f(events_[i]);
    }

    /// The seq of the newest event appended (0: none yet).
    uint64_t last_seq() const { return next_seq_ - 1; }
    /// Bytes the held events count for (within max_bytes).
    size_t bytes() const { return bytes_; }
    size_t size() const { return events_.size(); }

private:
    uint64_t first_held() const { return next_seq_ - events_.size(); }
    static size_t cost(const LoggedEvent& e) { return kEntryOverhead + e.type.size() + e.data.size(); }
    void drop_oldest();

    size_t max_bytes_;
    uint64_t* total_;
    std::deque<LoggedEvent> events_;
    size_t bytes_ = 0;
    uint64_t next_seq_ = 1;
};

}  // namespace rag::http
