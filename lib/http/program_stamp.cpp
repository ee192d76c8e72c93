// SPDX-License-Identifier: MIT
#include "lib/http/program_stamp.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace rag::http {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }
bool is_separator(char c) { return c == '|' || c == ';' || c == '&' || c == '(' || c == ')'; }

// NAME=value before a command sets its environment; it is not the program.
bool is_assignment(std::string_view word) {
    size_t eq = word.find('=');
    return eq != std::string_view::npos && eq > 0 && word.substr(0, eq).find('/') == std::string_view::npos;
}

bool shell_expands(std::string_view word) { return word.find_first_of("$`'\"\\*?[~") != std::string_view::npos; }

std::string on_path(const std::string& name) {
    if (name.find('/') != std::string::npos) return name;
    const char* path = std::getenv("PATH");
    std::string_view dirs = path ? path : "/usr/bin:/bin";
    while (true) {
        size_t colon = dirs.find(':');
        std::string dir(dirs.substr(0, colon));
        std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
        if (access(candidate.c_str(), X_OK) == 0) return candidate;
        if (colon == std::string_view::npos) return {};
        dirs.remove_prefix(colon + 1);
    }
}

}  // namespace

std::vector<std::string> command_programs(const std::string& command) {
    std::vector<std::string> programs;
    bool want = true;  // the next word starts a stage
    size_t i = 0;
    while (i < command.size()) {
        char c = command[i];
        if (is_space(c)) {
            ++i;
        } else if (is_separator(c)) {
            want = true;
            ++i;
        } else {
            size_t end = i;
            while (end < command.size() && !is_space(command[end]) && !is_separator(command[end])) ++end;
            std::string_view word(command.data() + i, end - i);
            if (want && !is_assignment(word)) {
                if (!shell_expands(word)) programs.emplace_back(word);
                want = false;
            }
            i = end;
        }
    }
    return programs;
}

ProgramStamp stamp_programs(const std::string& command) {
    ProgramStamp stamp;
    for (const std::string& name : command_programs(command)) {
        std::string path = on_path(name);
        struct stat st;
        if (path.empty() || stat(path.c_str(), &st) != 0) continue;
        stamp.programs.push_back({path, static_cast<unsigned long long>(st.st_ino),
                                  static_cast<unsigned long long>(st.st_size),
                                  static_cast<unsigned long long>(st.st_mtim.tv_sec) * 1000000000ull +
                                      static_cast<unsigned long long>(st.st_mtim.tv_nsec)});
    }
    return stamp;
}

}  // namespace rag::http
