// SPDX-License-Identifier: MIT
// A line reader over a file descriptor whose buffer keeps simdjson's padding.
#include "lib/core/lines.h"

#include <unistd.h>
#include <cerrno>
#include <cstring>

#include <simdjson.h>

#include "lib/core/error.h"

namespace rag {

static_assert(kJsonPadding >= simdjson::SIMDJSON_PADDING);

namespace {
constexpr size_t kInitialCapacity = 64 * 1024;
}

LineReader::LineReader(int fd, size_t max_line)
    : fd_(fd), max_line_(max_line), buf_(new char[kInitialCapacity + kJsonPadding]), capacity_(kInitialCapacity) {}

LineReader::~LineReader() = default;

bool LineReader::has_line() const {
    return memchr(buf_.get() + begin_ + scanned_, '\n', end_ - begin_ - scanned_) != nullptr || (eof_ && end_ > begin_);
}

bool LineReader::next(Line& line) {
    for (;;) {
        char* start = buf_.get() + begin_;
        size_t avail = end_ - begin_;
        auto* nl = static_cast<char*>(memchr(start + scanned_, '\n', avail - scanned_));
        if (!nl) {
            scanned_ = avail;
            if (!skipping_ && avail > max_line_) {  // report once, then discard to '\n'
                skipping_ = true;
                begin_ = end_ = scanned_ = 0;
                line = Line{{}, ++line_number_, true};
                return true;
            }
            if (skipping_) {
                begin_ = end_ = scanned_ = 0;
                return false;
            }
            if (!eof_ || avail == 0) return false;
            nl = start + avail;  // last line without '\n'
        }
        size_t len = static_cast<size_t>(nl - start);
        size_t consumed = len + (nl < buf_.get() + end_ ? 1 : 0);
        begin_ += consumed;
        scanned_ = 0;
        if (skipping_) {
            skipping_ = false;
            continue;
        }
        if (len && start[len - 1] == '\r') --len;
        if (len > max_line_) {
            line = Line{{}, ++line_number_, true};
            return true;
        }
        line = Line{{start, len}, ++line_number_, false};
        return true;
    }
}

void LineReader::make_room() {
    size_t avail = end_ - begin_;
    if (begin_ > 0) {  // slide the partial line to the front
        memmove(buf_.get(), buf_.get() + begin_, avail);
        begin_ = 0;
        end_ = avail;
    }
    if (capacity_ - end_ >= capacity_ / 4) return;
    // Grow past the cap by a little, so a line of exactly max_line_ bytes fits with its "\r\n".
    size_t grown = std::min(capacity_ * 2, max_line_ + 4096);
    if (grown <= capacity_) return;
    std::unique_ptr<char[]> bigger(new char[grown + kJsonPadding]);
    memcpy(bigger.get(), buf_.get(), end_);
    buf_ = std::move(bigger);
    capacity_ = grown;
}

bool LineReader::fill() {
    if (eof_) return false;
    make_room();
    if (end_ == capacity_) {  // full at the cap: next() will report the over-long line
        return true;
    }
    ssize_t n = ::read(fd_, buf_.get() + end_, capacity_ - end_);
    if (n > 0) {
        end_ += static_cast<size_t>(n);
        return true;
    }
    if (n == 0) {
        eof_ = true;
        return end_ > begin_;
    }
    if (errno == EINTR || errno == EAGAIN) return true;
    throw Fatal(kExitIoErr, std::string("reading input failed: ") + strerror(errno));
}

}  // namespace rag
