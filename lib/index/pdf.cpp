// SPDX-License-Identifier: MIT
// PDF to text through pdftotext (poppler-utils), run without a shell.
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "lib/index/formats.h"

namespace rag::index {

std::string pdf_to_text(const std::string& path) {
    auto fail = [&](const std::string& why) { return LoadError(SkipReason::unreadable, "cannot read '" + path + "': " + why); };
    int fds[2];
    if (pipe(fds) != 0) throw fail(std::string("pipe: ") + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::string file = path;
    char* argv[] = {const_cast<char*>("pdftotext"), const_cast<char*>("-q"), const_cast<char*>("-enc"),
                    const_cast<char*>("UTF-8"), file.data(), const_cast<char*>("-"), nullptr};
    pid_t pid;
    int rc = posix_spawnp(&pid, "pdftotext", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        throw fail("pdftotext not found (install poppler-utils)");
    }
    std::string out;
    char buf[65536];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw fail("pdftotext failed");
    return out;
}

}  // namespace rag::index
