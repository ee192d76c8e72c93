// SPDX-License-Identifier: MIT
// What every rag-* tool shares: CLI11 setup, exit codes, diagnostics on stderr.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

namespace rag {

/// Exit statuses (sysexits.h values), documented in every man page.
enum ExitCode : int {
    kExitOk = 0,            ///< end of input, whatever the runs did
    kExitUsage = 64,        ///< bad flags or arguments
    kExitDataErr = 65,      ///< bad input data where no run can carry the error
    kExitNoInput = 66,      ///< index or cache missing
    kExitUnavailable = 69,  ///< something required is missing at start
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

/// Registers a function that flushes pending stdout, called before anything
/// goes to stderr so that output and diagnostics interleave in order.
void set_stdout_flusher(std::function<void()> flush);

/// Prints "tool: message" on stderr (after flushing stdout).
void warn(std::string_view message);

template <typename... Args>
void warnf(fmt::format_string<Args...> f, Args&&... args) {
    warn(fmt::format(f, std::forward<Args>(args)...));
}

/// One tool: its CLI11 app, and run() which maps every failure to an exit code.
///
///   rag::Tool tool{"rag-show", "render events for a person"};
///   tool.app.add_option(...);
///   return tool.run(argc, argv, [&] { ...; return 0; });
class Tool {
public:
    Tool(std::string name, std::string description);

    /// Parses flags (--help and --version print to stdout, exit 0; a bad flag
    /// prints "tool: msg" and "Try 'tool --help'.", exit 64), then calls body.
    /// Catches Fatal (its code), std::exception (70). Checks stdout at the end.
    int run(int argc, char** argv, const std::function<int()>& body);

    CLI::App app;
};

/// Milliseconds on a monotonic clock, for durations.
double monotonic_ms();

}  // namespace rag
