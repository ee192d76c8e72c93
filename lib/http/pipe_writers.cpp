// SPDX-License-Identifier: MIT
// Who still holds a pipeline's stdout: the shell's copy does not count (Linux /proc).
#include "lib/http/pipe_writers.h"

#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <string>
#include <vector>

#include <fmt/format.h>

namespace rag::http {
namespace {

constexpr size_t kMaxTree = 4096;  // processes looked at; a fork bomb is not walked to its end

// The children of `pid`, from /proc/PID/task/PID/children (threads' children are rare in stages).
std::vector<pid_t> children_of(pid_t pid) {
    std::ifstream in(fmt::format("/proc/{}/task/{}/children", pid, pid));
    std::vector<pid_t> out;
    for (pid_t child; in >> child;) out.push_back(child);
    return out;
}

// Whether `pid` has an fd open on `target` ("pipe:[INODE]").
bool holds_pipe(pid_t pid, const std::string& target) {
    std::string dir = fmt::format("/proc/{}/fd", pid);
    DIR* d = opendir(dir.c_str());
    if (!d) return false;
    bool found = false;
    char link[64];
    while (dirent* e = readdir(d)) {
        if (e->d_name[0] == '.') continue;
        ssize_t n = readlinkat(dirfd(d), e->d_name, link, sizeof link);
        if (n > 0 && target.compare(0, std::string::npos, link, static_cast<size_t>(n)) == 0) {
            found = true;
            break;
        }
    }
    closedir(d);
    return found;
}

}  // namespace

bool only_shell_writes(pid_t shell, int read_fd) {
    struct stat st {};
    if (fstat(read_fd, &st) != 0 || access(fmt::format("/proc/{}/fd", shell).c_str(), F_OK) != 0) return false;
    std::string target = fmt::format("pipe:[{}]", st.st_ino);
    std::vector<pid_t> todo = children_of(shell);
    if (todo.empty()) return false;  // not started yet, or between two commands: it may still write
    for (size_t i = 0; i < todo.size() && i < kMaxTree; ++i) {
        if (holds_pipe(todo[i], target)) return false;
        for (pid_t c : children_of(todo[i])) todo.push_back(c);
    }
    return true;
}

}  // namespace rag::http
