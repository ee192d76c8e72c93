// SPDX-License-Identifier: MIT
// Progress of a batch of runs on stderr, and the summary line at its end.
#include "lib/core/progress.h"

#include <unistd.h>

#include <fmt/format.h>

#include "lib/core/error.h"

namespace rag {
namespace {

constexpr double kTerminalEveryMs = 100;
constexpr double kLinesEveryMs = 5000;

std::string describe(const BatchCounts& c, double ms) {
    return fmt::format("{} runs, {} answered, {} cached, {} rejected, {} errors, {:.1f} s", c.runs, c.answered,
                       c.cached, c.rejected, c.errors, ms / 1000);
}

}  // namespace

BatchProgress::Mode BatchProgress::choose(bool forced) {
    bool err_tty = isatty(2);
    if (forced) return err_tty ? Mode::kTerminal : Mode::kLines;
    return err_tty && !isatty(1) ? Mode::kTerminal : Mode::kOff;
}

BatchProgress::BatchProgress(Mode mode) : mode_(mode), started_ms_(monotonic_ms()), last_ms_(started_ms_) {}

void BatchProgress::update(const BatchCounts& counts) {
    if (mode_ == Mode::kOff) return;
    double now = monotonic_ms();
    if (now - last_ms_ < (mode_ == Mode::kTerminal ? kTerminalEveryMs : kLinesEveryMs)) return;
    last_ms_ = now;
    double secs = (now - started_ms_) / 1000;
    std::string line = fmt::format("{}: {} runs done, {} errors, {:.1f} runs/s", program_name(), counts.runs,
                                   counts.errors, secs > 0 ? counts.runs / secs : 0.0);
    if (mode_ == Mode::kTerminal) fmt::print(stderr, "\r{}\x1b[K", line);
    else fmt::print(stderr, "{}\n", line);
    fflush(stderr);
}

void BatchProgress::summary(const BatchCounts& counts) {
    if (mode_ == Mode::kOff) return;
    if (mode_ == Mode::kTerminal) fmt::print(stderr, "\r\x1b[K");
    fmt::print(stderr, "{}: {}\n", program_name(), describe(counts, monotonic_ms() - started_ms_));
    fflush(stderr);
}

}  // namespace rag
