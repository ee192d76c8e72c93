// SPDX-License-Identifier: MIT
// Starting a child process: its pipes, its process group, its exit status.
#include "lib/core/process.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <fmt/format.h>

#include "lib/core/error.h"

extern char** environ;

namespace rag {
namespace {

void redirect(posix_spawn_file_actions_t& actions, int from, int to) {
    if (from >= 0) posix_spawn_file_actions_adddup2(&actions, from, to);
}

// Default dispositions for the signals a parent commonly ignores or handles.
void reset_signals(posix_spawnattr_t& attr, bool own_group) {
    short flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
    if (own_group) {
        flags |= POSIX_SPAWN_SETPGROUP;
        posix_spawnattr_setpgroup(&attr, 0);
    }
    posix_spawnattr_setflags(&attr, flags);
    sigset_t none, defaults;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    sigemptyset(&defaults);
    for (int s : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGQUIT}) sigaddset(&defaults, s);
    posix_spawnattr_setsigdefault(&attr, &defaults);
}

}  // namespace

Pipe make_pipe() {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) throw Fatal(kExitIoErr, fmt::format("pipe failed: {}", strerror(errno)));
    return {Fd(fds[0]), Fd(fds[1])};
}

pid_t spawn_process(const SpawnSpec& spec, int& error) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    redirect(actions, spec.in, 0);
    redirect(actions, spec.out, 1);
    redirect(actions, spec.err, 2);
    // Nothing but 0-2 reaches the child: a descriptor rag-sse inherited without close-on-exec (a
    // systemd socket, a shell's redirection) must not leak into every stage.
    posix_spawn_file_actions_addclosefrom_np(&actions, 3);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    reset_signals(attr, spec.own_group);
    std::vector<char*> argv;
    for (const std::string& arg : spec.argv) argv.push_back(const_cast<char*>(arg.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    error = posix_spawnp(&pid, spec.program.c_str(), &actions, &attr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attr);
    return error == 0 ? pid : -1;
}

int wait_for(pid_t pid) {
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    return status;
}

std::string describe_status(int status) {
    if (WIFEXITED(status)) return fmt::format("exit status {}", WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return fmt::format("signal {}", WTERMSIG(status));
    return "unknown status";
}

std::string read_to_end(const Fd& fd) {
    std::string out;
    char buf[65536];
    for (ssize_t n; (n = ::read(fd.get(), buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    return out;
}

}  // namespace rag
