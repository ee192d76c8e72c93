// SPDX-License-Identifier: MIT
// A pipeline process: /bin/sh -c COMMAND in its own process group, and its three pipes.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>
#include <string_view>

#include "lib/core/fd.h"
#include "lib/core/lines.h"
#include "lib/http/loop.h"

namespace rag::http {

class Child;

/// One event line of a pipeline's stdout; `data` is compact JSON ("{}" when absent).
struct PipelineEvent {
    std::string_view type, run, data;
};

/// A stdout line that is no event.
enum class BadLine { kTooLong, kMalformed };

/// What a Child reports, from the loop. The runner decides what it means
/// (spawn mode fails the run, worker mode skips the line).
class ChildListener {
public:
    virtual ~ChildListener() = default;
    virtual void on_event(Child& child, const PipelineEvent& event) = 0;
    virtual void on_bad_line(Child& child, BadLine why) = 0;
    /// One non-empty line the pipeline wrote on stderr.
    virtual void on_stderr(Child& child, std::string_view line) = 0;
    /// Stdout ended (end of file, a read error, or no process but the shell
    /// holds it any more); no event follows.
    virtual void on_output_end(Child& child) = 0;
    /// Stderr ended.
    virtual void on_stderr_end(Child& /*child*/) {}
    /// Stdin broke (the pipeline's reader is gone) with bytes still to write.
    virtual void on_input_lost(Child& /*child*/) {}
};

/// Starts `command` under /bin/sh in a new process group with default signal
/// handling and an empty signal mask, its stdio on three non-blocking pipes
/// watched by `loop`. Stdout counts as ended once only the shell holds it:
/// a last stage that closed its stdout and goes on running ends the output
/// then, not when it exits (checked after a second without output). Destruction
/// stops watching and closes the pipes; it does not kill the group (kill_group does).
class Child {
public:
    /// Throws rag::Fatal when the pipes or the shell cannot be started.
    Child(Loop& loop, const std::string& command, ChildListener& listener);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;

    pid_t pid() const { return pid_; }

    /// Queues bytes for stdin and writes what the pipe takes; the rest leaves
    /// as it drains. Ignored once stdin is closed.
    void send(std::string_view bytes);
    /// send(line) and a newline, in one write when the pipe takes it.
    void send_line(std::string_view line);
    /// Closes stdin as soon as what is queued has left.
    void end_input();
    /// SIGKILL to the whole group, once: stages may outlive the shell.
    void kill_group();
    /// Stops watching and closes every pipe now.
    void close_pipes();

    /// The exit status, from the caller's waitpid.
    void set_reaped(int status) {
        reaped_ = true;
        status_ = status;
    }

    bool killed() const { return killed_; }
    bool reaped() const { return reaped_; }
    int status() const { return status_; }
    bool output_ended() const { return !out_; }
    /// Reaped, and both output pipes at their end: nothing more can happen.
    bool finished() const { return reaped_ && !out_ && !err_; }

private:
    void write_pending();
    void watch_input(bool on);
    void read_output();
    void read_stderr();
    void handle_line(const Line& line);
    void close_input();
    void close_output(Fd& fd);
    void check_output_holders();
    void end_output();

    Loop& loop_;
    ChildListener& listener_;
    pid_t pid_ = -1;
    Fd in_, out_, err_;
    std::unique_ptr<LineReader> out_lines_, err_lines_;
    std::string pending_;
    size_t pending_off_ = 0;
    bool watching_in_ = false, end_input_ = false;
    bool killed_ = false, reaped_ = false;
    int status_ = 0;
    double last_output_ms_ = 0;
    uint64_t holders_timer_ = 0;
};

}  // namespace rag::http
