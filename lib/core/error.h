// SPDX-License-Identifier: MIT
// Exit codes, fatal errors and diagnostics on stderr, shared by tools and lib/.
// (Kept apart from tool.h so that lib/ does not compile CLI11's headers.)
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace rag {

/// Exit statuses (sysexits.h values), documented in every man page.
enum ExitCode : int {
    kExitOk = 0,            ///< end of input, the stage served a run (or had none to serve)
    kExitRunFailed = 1,     ///< rag-show: a run of the batch ended in `error` or `cancel`
    kExitUsage = 64,        ///< bad flags or arguments
    kExitDataErr = 65,      ///< bad input data where no run can carry the error
    kExitNoInput = 66,      ///< index or cache missing
    kExitUnavailable = 69,  ///< something required is missing at start, or a stage served no run
    kExitSoftware = 70,     ///< an escaped exception: a bug
    kExitCantCreate = 73,   ///< cannot create a directory or file
    kExitIoErr = 74,        ///< I/O failed (write error on stdout)
    kExitConfig = 78,       ///< bad environment value
};

/// A fault of the tool itself: Tool::run prints "tool: what" and exits with code.
struct Fatal : std::runtime_error {
    Fatal(int code, const std::string& what) : std::runtime_error(what), code(code) {}
    int code;
};

/// The running tool's name ("rag-retrieve"), for diagnostics.
const std::string& program_name();
void set_program_name(std::string name);

/// Registers a function that flushes pending stdout, called before anything
/// goes to stderr so that output and diagnostics interleave in order.
void set_stdout_flusher(std::function<void()> flush);
/// Calls the registered flusher, if any (its exceptions propagate).
void flush_stdout();

/// Prints "tool: message" on stderr (after flushing stdout).
void warn(std::string_view message);

/// Hands every diagnostic line ("tool: message\n") to `writer` instead of
/// writing it on fd 2 (rag-sse: a log that never blocks its event loop).
/// An empty function restores the write on fd 2.
void set_diagnostic_writer(std::function<void(std::string_view line)> writer);

template <typename... Args>
void warnf(fmt::format_string<Args...> f, Args&&... args) {
    warn(fmt::format(f, std::forward<Args>(args)...));
}

/// Milliseconds on a monotonic clock, for durations.
double monotonic_ms();

}  // namespace rag
