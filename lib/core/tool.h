// SPDX-License-Identifier: MIT
// What every rag-* tool shares: CLI11 setup and the mapping of failures to exit codes.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "lib/core/error.h"
#include "lib/core/event.h"

namespace rag {

/// One tool: its CLI11 app, and run() which owns stdout and maps every
/// failure to an exit code.
///
///   rag::Tool tool{"rag-show", "render events for a person"};
///   tool.app.add_option(...);
///   return tool.run(argc, argv, [&](rag::Writer& out) { ...; return 0; });
class Tool {
public:
    /// The tool's work; everything it prints on stdout goes through `out`.
    using Body = std::function<int(Writer& out)>;

    Tool(std::string name, std::string description);

    /// Parses flags (--help and --version print to stdout, exit 0; a bad flag
    /// prints "tool: msg" and "Try 'tool --help'.", exit 64), then calls body
    /// with the Writer on stdout and flushes it. A reader that went away
    /// (EPIPE) is a quiet exit 0; any other write failure prints "write error"
    /// and exits 74; Fatal exits with its code, any other exception with 70.
    int run(int argc, char** argv, const Body& body);

    CLI::App app;

private:
    int run_body(const Body& body);
    std::string usage_error(const CLI::ParseError& e, int argc, char** argv) const;
    bool takes_value(std::string_view word) const;
};

}  // namespace rag
