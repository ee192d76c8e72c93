// SPDX-License-Identifier: MIT
// rag-sse's standard error: a bounded buffer written without blocking, what did not fit counted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "lib/core/fd.h"
#include "lib/http/loop.h"

namespace rag::http {

/// Takes over rag::warn's lines for the life of the object: each is redacted
/// (redact_credentials), queued and written to fd 2 without ever blocking
/// the loop, so a stderr that nobody reads (a full pipe) cannot stall the
/// server. Past `max_bytes` queued, lines are dropped and counted; once
/// writing resumes a line says how many were lost. Destruction restores
/// rag::warn and waits at most `kFinalFlushMs` for the rest to leave.
class LogSink {
public:
    static constexpr size_t kDefaultMaxBytes = size_t{1} << 20;
    static constexpr int kFinalFlushMs = 200;

    explicit LogSink(Loop& loop, size_t max_bytes = kDefaultMaxBytes);
    ~LogSink();
    LogSink(const LogSink&) = delete;
    LogSink& operator=(const LogSink&) = delete;

    /// One whole line, its newline included.
    void write(std::string_view line);

    uint64_t dropped_lines() const { return dropped_lines_; }
    size_t queued_bytes() const { return queue_.size() - sent_; }

private:
    void drain();
    void arm_retry();
    /// Bytes written now (0 when the fd would block); -1 on a hard error.
    ssize_t write_some(const char* p, size_t n);

    Loop& loop_;
    size_t max_bytes_;
    Fd own_;      // fd 2 reopened non-blocking (a pipe or terminal), or none
    int fd_ = 2;  // where lines go
    bool socket_ = false;
    std::string queue_;
    size_t sent_ = 0;
    uint64_t dropped_lines_ = 0, dropped_bytes_ = 0;
    uint64_t unreported_lines_ = 0, unreported_bytes_ = 0;
    uint64_t retry_timer_ = 0;
};

/// Lines the installed sink dropped since it started (0 without one), for /metrics.
uint64_t log_lines_dropped();

}  // namespace rag::http
