// SPDX-License-Identifier: MIT
// Who still holds a pipeline's stdout: the shell's copy does not count (Linux /proc).
#pragma once

#include <sys/types.h>

namespace rag::http {

/// True when no process of the tree under `shell` but the shell itself holds
/// the write end of the pipe whose read end is `read_fd`. /bin/sh keeps its
/// stdout open while it waits for a pipeline, so a last stage that closes its
/// stdout and goes on running never shows as end of file; this tells it.
/// False when it cannot tell (no /proc, the shell gone or without children).
bool only_shell_writes(pid_t shell, int read_fd);

}  // namespace rag::http
