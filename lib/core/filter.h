// SPDX-License-Identifier: MIT
// The loop of a filter stage: input lines through an event table, output
// flushed before every wait, and optionally a backend polled beside the input.
#pragma once

#include "lib/core/event.h"

namespace rag {

/// Work a stage does besides reading input (a backend's streams, timers).
/// The loop calls pump() after each batch of input, then wait().
class Poller {
public:
    virtual ~Poller() = default;
    /// Moves work forward without blocking; may write events.
    virtual void pump() = 0;
    /// True while work is left; the loop ends at end of input only when idle.
    virtual bool idle() const = 0;
    /// Waits until `fd` is readable (fd < 0: not watched) or work is due;
    /// returns true when `fd` is readable (or at end of file).
    virtual bool wait(int fd) = 0;
};

struct FilterOptions {
    int in_fd = 0;
    size_t max_line = kDefaultMaxLine;
    Poller* poller = nullptr;  ///< none: the loop blocks on input alone
};

/// Reads input line by line, dispatches each line through `table` to `out`,
/// and flushes before it waits. At end of input calls the table's at_end,
/// then serves the poller until it is idle. Returns kExitOk, or
/// kExitUnavailable when the stage raised errors and every run ended in one
/// (RunTally::served_none; every event is still passed on); a closed stdout
/// throws Writer::OutputClosed, which Tool::run turns into a quiet exit.
int run_filter(EventTable& table, Writer& out, const FilterOptions& options = {});

}  // namespace rag
