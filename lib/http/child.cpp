// SPDX-License-Identifier: MIT
// A pipeline process: /bin/sh -c COMMAND in its own process group, and its three pipes.
#include "lib/http/child.h"

#include <fcntl.h>
#include <sys/epoll.h>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <fmt/format.h>
#include <simdjson.h>

#include "lib/core/error.h"
#include "lib/core/event.h"
#include "lib/core/process.h"
#include "lib/http/pipe_writers.h"

namespace rag::http {
namespace {

constexpr size_t kMaxPipelineLine = 4u << 20;
constexpr size_t kMaxStderrLine = 64 * 1024;
constexpr double kHoldersCheckMs = 1000;  // how long stdout is quiet before /proc is asked who holds it

void set_nonblocking(const Fd& fd) { fcntl(fd.get(), F_SETFL, fcntl(fd.get(), F_GETFL) | O_NONBLOCK); }

// /bin/sh -c COMMAND in a process group of its own, stdio on the given fds.
pid_t spawn_shell(const std::string& command, int in, int out, int err) {
    int error = 0;
    pid_t pid = spawn_process({"/bin/sh", {"sh", "-c", command}, in, out, err, true}, error);
    if (pid < 0) throw Fatal(kExitUnavailable, fmt::format("cannot start /bin/sh: {}", strerror(error)));
    return pid;
}

// One parser for every child's output: the loop runs on one thread.
simdjson::dom::parser& line_parser() {
    static simdjson::dom::parser parser;
    return parser;
}

}  // namespace

Child::Child(Loop& loop, const std::string& command, ChildListener& listener) : loop_(loop), listener_(listener) {
    Pipe in = make_pipe(), out = make_pipe(), err = make_pipe();
    pid_ = spawn_shell(command, in.read.get(), out.write.get(), err.write.get());
    in_ = std::move(in.write);
    out_ = std::move(out.read);
    err_ = std::move(err.read);
    for (const Fd* fd : {&in_, &out_, &err_}) set_nonblocking(*fd);
    out_lines_ = std::make_unique<LineReader>(out_.get(), kMaxPipelineLine);
    err_lines_ = std::make_unique<LineReader>(err_.get(), kMaxStderrLine);
    loop_.add(out_.get(), EPOLLIN, [this](uint32_t) { read_output(); });
    loop_.add(err_.get(), EPOLLIN, [this](uint32_t) { read_stderr(); });
    last_output_ms_ = now_ms();
    holders_timer_ = loop_.after(kHoldersCheckMs, [this] { check_output_holders(); });
}

Child::~Child() {
    loop_.cancel(holders_timer_);
    close_pipes();
}

void Child::send(std::string_view bytes) {
    if (!in_) return;
    pending_.append(bytes);
    write_pending();
}

void Child::send_line(std::string_view line) {
    if (!in_) return;
    pending_.append(line);
    pending_ += '\n';
    write_pending();  // one write for the line and its end: a request costs one syscall, not two
}

void Child::end_input() {
    end_input_ = true;
    if (pending_off_ == pending_.size()) close_input();
}

// The one write loop: as much as the pipe takes now, the rest on EPOLLOUT.
void Child::write_pending() {
    while (pending_off_ < pending_.size()) {
        ssize_t n = ::write(in_.get(), pending_.data() + pending_off_, pending_.size() - pending_off_);
        if (n > 0) {
            pending_off_ += static_cast<size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        if (n < 0 && errno == EAGAIN) return watch_input(true);
        close_input();
        return listener_.on_input_lost(*this);
    }
    pending_.clear();
    pending_off_ = 0;
    watch_input(false);
    if (end_input_) close_input();
}

void Child::watch_input(bool on) {
    if (on == watching_in_) return;
    watching_in_ = on;
    if (on) loop_.add(in_.get(), EPOLLOUT, [this](uint32_t) { write_pending(); });
    else loop_.remove(in_.get());
}

void Child::close_input() {
    if (!in_) return;
    watch_input(false);
    in_.reset();
    pending_.clear();
    pending_off_ = 0;
}

void Child::close_output(Fd& fd) {
    if (!fd) return;
    loop_.remove(fd.get());
    fd.reset();
}

void Child::close_pipes() {
    close_input();
    close_output(out_);
    close_output(err_);
}

void Child::kill_group() {
    if (killed_) return;
    killed_ = true;
    ::kill(-pid_, SIGKILL);
}

// The shell keeps its stdout open until its last stage exits: a stage that closed its stdout and
// goes on would hold the run until its time limit. Asked only of a quiet stdout, so a stream costs nothing.
void Child::check_output_holders() {
    holders_timer_ = 0;
    if (!out_) return;
    if (now_ms() - last_output_ms_ >= kHoldersCheckMs && only_shell_writes(pid_, out_.get())) return end_output();
    holders_timer_ = loop_.after(kHoldersCheckMs, [this] { check_output_holders(); });
}

void Child::end_output() {
    close_output(out_);
    loop_.cancel(holders_timer_);
    holders_timer_ = 0;
    listener_.on_output_end(*this);
}

void Child::read_output() {
    last_output_ms_ = now_ms();
    bool more = true;
    try {
        more = out_lines_->fill();
    } catch (const Fatal&) {
        more = false;
    }
    Line line;
    while (out_ && out_lines_->next(line)) handle_line(line);
    if (more || !out_) return;
    end_output();
}

void Child::handle_line(const Line& line) {
    if (line.too_long) return listener_.on_bad_line(*this, BadLine::kTooLong);
    if (line.text.empty()) return;
    Event ev;
    if (!parse_envelope(line_parser(), line.text, ev, true).empty())
        return listener_.on_bad_line(*this, BadLine::kMalformed);
    std::string data = simdjson::minify(ev.data);
    listener_.on_event(*this, PipelineEvent{ev.type, ev.run, data});
}

void Child::read_stderr() {
    bool more = true;
    try {
        more = err_lines_->fill();
    } catch (const Fatal&) {
        more = false;
    }
    Line line;
    while (err_ && err_lines_->next(line))
        if (!line.text.empty()) listener_.on_stderr(*this, line.text);
    if (more || !err_) return;
    close_output(err_);
    listener_.on_stderr_end(*this);
}

}  // namespace rag::http
