// SPDX-License-Identifier: MIT
// Starting a child process: its pipes, its process group, its exit status.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "lib/core/fd.h"

namespace rag {

/// Both ends close on exec, so no other child inherits them.
struct Pipe {
    Fd read, write;
};

/// Throws rag::Fatal when the process is out of descriptors.
Pipe make_pipe();

/// What to start and where its stdio goes (-1: inherited from us).
struct SpawnSpec {
    std::string program;            ///< searched on PATH unless it holds a '/'
    std::vector<std::string> argv;  ///< argv[0] included
    int in = -1, out = -1, err = -1;
    bool own_group = false;  ///< a new process group, so it can be killed as one
};

/// Starts `spec` with only descriptors 0-2 open, default signal handling and an empty signal mask (what
/// we ignore or block is no business of the child's). Returns the pid, or -1
/// with `error` set to the reason (ENOENT: no such program).
pid_t spawn_process(const SpawnSpec& spec, int& error);

/// Waits for `pid` to end; its wait status.
int wait_for(pid_t pid);

/// "exit status N" or "signal N", for messages.
std::string describe_status(int status);

/// Everything `fd` yields until end of file or a read error.
std::string read_to_end(const Fd& fd);

}  // namespace rag
