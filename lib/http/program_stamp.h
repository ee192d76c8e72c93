// SPDX-License-Identifier: MIT
// What a pipeline command runs, as files on disk: so a worker can tell that a stage was rebuilt.
#pragma once

#include <string>
#include <vector>

namespace rag::http {

/// The programs a shell command names (the first word of each stage of a
/// `|`, `;`, `&&` or `||` list, variable assignments skipped), resolved on
/// PATH, each with its inode, size and modification time. Two stamps differ
/// when a program was replaced, as `make install` or a package upgrade does.
/// Words the shell would expand (`$`, quotes, backquotes) and programs not
/// found are left out: the stamp is a hint for rotation, not a parser.
struct ProgramStamp {
    struct Program {
        std::string path;
        unsigned long long inode = 0, size = 0, mtime_ns = 0;
        bool operator==(const Program&) const = default;
    };
    std::vector<Program> programs;
    bool operator==(const ProgramStamp&) const = default;
};

ProgramStamp stamp_programs(const std::string& command);

/// The first word of each stage of `command`, as written (for tests and messages).
std::vector<std::string> command_programs(const std::string& command);

}  // namespace rag::http
