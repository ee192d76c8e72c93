// SPDX-License-Identifier: MIT
// What every rag-* tool shares: CLI11 setup and the mapping of failures to exit codes.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

#include "lib/core/error.h"

namespace rag {

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

}  // namespace rag
