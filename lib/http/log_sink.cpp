// SPDX-License-Identifier: MIT
// rag-sse's standard error: a bounded buffer written without blocking, what did not fit counted.
#include "lib/http/log_sink.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <algorithm>
#include <cerrno>

#include <fmt/format.h>

#include "lib/core/error.h"
#include "lib/core/redact.h"

namespace rag::http {
namespace {

constexpr double kRetryMs = 50;
LogSink* g_sink = nullptr;

}  // namespace

uint64_t log_lines_dropped() { return g_sink ? g_sink->dropped_lines() : 0; }

// O_NONBLOCK on fd 2 itself would reach every process that shares its open file (the shell that
// started us, a terminal); a pipe or a terminal is opened again instead, a socket takes
// MSG_DONTWAIT, and a regular file never blocks for long.
LogSink::LogSink(Loop& loop, size_t max_bytes) : loop_(loop), max_bytes_(max_bytes) {
    struct stat st {};
    if (fstat(2, &st) == 0) {
        socket_ = S_ISSOCK(st.st_mode);
        if (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode))
            own_.reset(open("/proc/self/fd/2", O_WRONLY | O_NONBLOCK | O_CLOEXEC | O_APPEND));
        if (own_) fd_ = own_.get();
    }
    g_sink = this;
    set_diagnostic_writer([this](std::string_view line) { write(line); });
}

LogSink::~LogSink() {
    set_diagnostic_writer({});
    g_sink = nullptr;
    loop_.cancel(retry_timer_);
    pollfd p{fd_, POLLOUT, 0};
    while (queued_bytes() > 0 && poll(&p, 1, kFinalFlushMs) > 0) drain();
}

void LogSink::write(std::string_view line) {
    std::string clean = redact_credentials(line);
    if (queued_bytes() + clean.size() > max_bytes_) {
        ++dropped_lines_;
        dropped_bytes_ += clean.size();
        ++unreported_lines_;
        unreported_bytes_ += clean.size();
        return;
    }
    queue_ += clean;
    drain();
}

void LogSink::drain() {
    while (sent_ < queue_.size()) {
        ssize_t n = write_some(queue_.data() + sent_, queue_.size() - sent_);
        if (n < 0) {  // stderr is gone for good (EPIPE, EBADF): nothing will ever be written
            dropped_lines_ += static_cast<uint64_t>(std::count(queue_.begin() + static_cast<long>(sent_), queue_.end(), '\n'));
            queue_.clear();
            sent_ = 0;
            return;
        }
        if (n == 0) return arm_retry();
        sent_ += static_cast<size_t>(n);
    }
    queue_.clear();
    sent_ = 0;
    if (unreported_lines_ == 0) return;
    // Said once the writes went through again, and without passing through write(): it fits.
    queue_ = fmt::format("{}: log: {} lines ({} bytes) dropped: standard error was not read\n", program_name(),
                         unreported_lines_, unreported_bytes_);
    unreported_lines_ = unreported_bytes_ = 0;
    drain();
}

void LogSink::arm_retry() {
    if (retry_timer_) return;
    retry_timer_ = loop_.after(kRetryMs, [this] {
        retry_timer_ = 0;
        drain();
    });
}

ssize_t LogSink::write_some(const char* p, size_t n) {
    for (;;) {
        ssize_t w = socket_ ? ::send(fd_, p, n, MSG_DONTWAIT | MSG_NOSIGNAL) : ::write(fd_, p, n);
        if (w >= 0) return w;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
        return -1;
    }
}

}  // namespace rag::http
