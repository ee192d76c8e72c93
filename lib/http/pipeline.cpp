// SPDX-License-Identifier: MIT
// Running the chat pipeline for rag-sse: a process group per run, or long-lived workers.
#include "lib/http/pipeline.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/epoll.h>
#include <sys/wait.h>
#include <unistd.h>
#include <deque>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <simdjson.h>

#include "lib/core/lines.h"
#include "lib/core/error.h"

extern char** environ;

namespace rag::http {
namespace {

constexpr size_t kMaxPipelineLine = 4u << 20;

struct Spawned {
    pid_t pid = -1;
    int in = -1, out = -1, err = -1;
};

void set_nonblocking(int fd) { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK); }

// Starts /bin/sh -c COMMAND in a new process group, with default signal
// handling and an empty signal mask, its stdio on three fresh pipes.
Spawned spawn_pipeline(const std::string& command) {
    int in[2], out[2], err[2];
    if (pipe2(in, O_CLOEXEC) != 0) throw Fatal(kExitIoErr, fmt::format("pipe failed: {}", strerror(errno)));
    if (pipe2(out, O_CLOEXEC) != 0) {
        close(in[0]); close(in[1]);
        throw Fatal(kExitIoErr, fmt::format("pipe failed: {}", strerror(errno)));
    }
    if (pipe2(err, O_CLOEXEC) != 0) {
        close(in[0]); close(in[1]); close(out[0]); close(out[1]);
        throw Fatal(kExitIoErr, fmt::format("pipe failed: {}", strerror(errno)));
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_adddup2(&fa, err[1], 2);
    posix_spawnattr_t attr;
    posix_spawnattr_init(&attr);
    posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    posix_spawnattr_setpgroup(&attr, 0);
    sigset_t none, defaults;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attr, &none);
    sigemptyset(&defaults);
    for (int s : {SIGPIPE, SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGQUIT}) sigaddset(&defaults, s);
    posix_spawnattr_setsigdefault(&attr, &defaults);
    const char* argv[] = {"sh", "-c", command.c_str(), nullptr};
    Spawned s;
    int rc = posix_spawn(&s.pid, "/bin/sh", &fa, &attr, const_cast<char* const*>(argv), environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&attr);
    close(in[0]); close(out[1]); close(err[1]);
    if (rc != 0) {
        close(in[1]); close(out[0]); close(err[0]);
        throw Fatal(kExitUnavailable, fmt::format("cannot start /bin/sh: {}", strerror(rc)));
    }
    s.in = in[1]; s.out = out[0]; s.err = err[0];
    set_nonblocking(s.in); set_nonblocking(s.out); set_nonblocking(s.err);
    return s;
}

// One pipeline output line, taken apart: type, run and data as compact JSON.
struct Parsed {
    std::string_view type, run;
    std::string data;
};

class LineParser {
public:
    bool parse(std::string_view text, Parsed& out) {
        simdjson::dom::element doc;
        if (parser_.parse(text.data(), text.size(), false).get(doc) != simdjson::SUCCESS) return false;
        simdjson::dom::object obj;
        if (doc.get_object().get(obj) != simdjson::SUCCESS) return false;
        if (obj["type"].get_string().get(out.type) != simdjson::SUCCESS) return false;
        if (obj["run"].get_string().get(out.run) != simdjson::SUCCESS) out.run = {};
        simdjson::dom::element data;
        if (obj["data"].get(data) == simdjson::SUCCESS) out.data = simdjson::minify(data);
        else out.data = "{}";
        return true;
    }

private:
    simdjson::dom::parser parser_;
};

// Bytes queued for a non-blocking pipe; written as the pipe drains.
struct PipeWriter {
    int fd = -1;
    std::string buf;
    size_t off = 0;

    // Writes what it can; false if the reader is gone.
    bool write_some() {
        while (off < buf.size()) {
            ssize_t n = ::write(fd, buf.data() + off, buf.size() - off);
            if (n > 0) { off += static_cast<size_t>(n); continue; }
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && errno == EAGAIN) return true;
            return false;
        }
        buf.clear();
        off = 0;
        return true;
    }
    bool pending() const { return off < buf.size(); }
};

bool is_final(std::string_view type) { return type == "done" || type == "error"; }

std::string describe_status(int status) {
    if (WIFEXITED(status)) return fmt::format("exit status {}", WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return fmt::format("signal {}", WTERMSIG(status));
    return "unknown status";
}

// ---------------------------------------------------------------- spawn mode

class SpawnRunner : public Runner {
public:
    SpawnRunner(Loop& loop, PipelineOptions options) : loop_(loop), options_(std::move(options)) { top_up(); }
    ~SpawnRunner() override { shutdown(); }

    void start(const std::string& run, std::string_view request_line, RunSink* sink) override {
        Child* child = take_spare();
        if (!child) {
            try {
                child = launch();
            } catch (const Fatal& e) {
                sink->on_failure(e.what());
                return;
            }
        }
        // The replacement starts after this request is written: the run goes first.
        if (options_.spares > 0) loop_.defer([this] { top_up(); });
        child->run = run;
        child->sink = sink;
        by_run_[run] = child->pid;
        pid_t pid = child->pid;
        child->kill_timer = loop_.after(options_.kill_after_ms, [this, pid] {
            with(pid, [&](Child& c) { c.kill_timer = 0; fail(c, "pipeline killed: still running at the time limit"); });
        });
        child->in.buf.append(request_line);
        child->in.buf.push_back('\n');
        write_in(*child);
    }

    void cancel(const std::string& run) override {
        auto it = by_run_.find(run);
        if (it == by_run_.end()) return;
        with(it->second, [&](Child& c) {
            c.sink = nullptr;
            kill_group(c);
        });
    }

    void reaped(pid_t pid, int status) override {
        with(pid, [&](Child& c) {
            c.reaped = true;
            c.status = status;
            if (c.run.empty()) std::erase(spares_, pid);
            if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0) && !c.killed)
                rag::warnf("{}: pipeline ended with {}", label(c), describe_status(status));
            // Stages in the group may outlive the shell and hold the pipes open.
            if (!c.out_eof) kill_group(c);
            maybe_free(c);
        });
    }

    void shutdown() override {
        stopping_ = true;
        spares_.clear();
        for (auto& [pid, c] : children_) {
            c->sink = nullptr;
            kill_group(*c);
        }
    }

    // Spares are not counted: they hold no run, and shutdown() ends them at once.
    size_t processes() const override {
        size_t n = 0;
        for (const auto& [pid, c] : children_) n += !c->run.empty();
        return n;
    }

    void stop_spares() override {
        stopping_ = true;   // and start no more: a run during the grace period spawns its own
        for (pid_t pid : spares_) with(pid, [&](Child& c) {
            loop_.cancel(c.kill_timer);
            c.kill_timer = 0;
            kill_group(c);
        });
        spares_.clear();
    }

private:
    struct Child {
        pid_t pid = -1;
        std::string run;
        RunSink* sink = nullptr;
        PipeWriter in;
        int out_fd = -1, err_fd = -1;
        std::unique_ptr<LineReader> out, err;
        bool out_eof = false, err_eof = false, reaped = false, killed = false, freeing = false;
        int status = 0;
        uint64_t kill_timer = 0;   // the run's time limit, or a spare's age limit
    };

    static std::string label(const Child& c) { return c.run.empty() ? "spare pipeline" : "run " + c.run; }

    template <typename F>
    void with(pid_t pid, F&& f) {
        auto it = children_.find(pid);
        if (it != children_.end()) f(*it->second);
    }

    // Starts a pipeline that waits on its stdin for a run.
    Child* launch() {
        Spawned s = spawn_pipeline(options_.command);
        auto c = std::make_unique<Child>();
        Child* child = c.get();
        child->pid = s.pid;
        child->in.fd = s.in;
        child->out_fd = s.out;
        child->err_fd = s.err;
        child->out = std::make_unique<LineReader>(s.out, kMaxPipelineLine);
        child->err = std::make_unique<LineReader>(s.err, 64 * 1024);
        children_.emplace(s.pid, std::move(c));
        pid_t pid = s.pid;
        loop_.add(s.out, EPOLLIN, [this, pid](uint32_t) { with(pid, [&](Child& c) { read_out(c); }); });
        loop_.add(s.err, EPOLLIN, [this, pid](uint32_t) { with(pid, [&](Child& c) { read_err(c); }); });
        return child;
    }

    // A started pipeline for the next run, or nullptr when none is ready.
    Child* take_spare() {
        while (!spares_.empty()) {
            pid_t pid = spares_.front();
            spares_.pop_front();
            auto it = children_.find(pid);
            if (it == children_.end()) continue;
            Child& c = *it->second;
            loop_.cancel(c.kill_timer);
            c.kill_timer = 0;
            if (!c.killed && !c.reaped && !c.out_eof) return &c;
        }
        return nullptr;
    }

    // Keeps `spares` pipelines started ahead of the runs that will use them,
    // so that a run does not wait for six processes to start. A spare that
    // grows old is replaced: binaries or the environment may have changed.
    void top_up() {
        while (!stopping_ && spares_.size() < static_cast<size_t>(options_.spares)) {
            Child* c;
            try {
                c = launch();
            } catch (const Fatal& e) {
                rag::warnf("spare pipeline: {}", e.what());
                return;
            }
            pid_t pid = c->pid;
            spares_.push_back(pid);
            c->kill_timer = loop_.after(options_.spare_max_age_ms, [this, pid] {
                with(pid, [&](Child& ch) {
                    ch.kill_timer = 0;
                    std::erase(spares_, pid);
                    kill_group(ch);
                });
                top_up();
            });
        }
    }

    void kill_group(Child& c) {
        if (c.killed) return;
        c.killed = true;
        ::kill(-c.pid, SIGKILL);
    }

    void fail(Child& c, std::string_view message) {
        RunSink* sink = c.sink;
        c.sink = nullptr;
        kill_group(c);
        if (sink) sink->on_failure(message);
    }

    void write_in(Child& c) {
        bool ok = c.in.write_some();
        if (ok && c.in.pending()) {
            pid_t pid = c.pid;
            loop_.add(c.in.fd, EPOLLOUT, [this, pid](uint32_t) {
                with(pid, [&](Child& ch) { loop_.remove(ch.in.fd); write_in(ch); });
            });
            return;
        }
        // One run per pipeline: end its input so it exits after `done`.
        close(c.in.fd);
        c.in.fd = -1;
    }

    void read_out(Child& c) {
        bool more = true;
        try { more = c.out->fill(); } catch (const Fatal&) { more = false; }
        Line line;
        while (c.out->next(line)) handle_line(c, line);
        if (more) return;
        c.out_eof = true;
        loop_.remove(c.out_fd);
        close(c.out_fd);
        if (c.sink) fail(c, c.reaped ? fmt::format("pipeline ended without a done event ({})", describe_status(c.status))
                                     : std::string("pipeline ended without a done event"));
        maybe_free(c);
    }

    void handle_line(Child& c, const Line& line) {
        if (!c.sink) return;
        if (line.too_long) return fail(c, "pipeline wrote an over-long line");
        if (line.text.empty()) return;
        Parsed p;
        if (!parser_.parse(line.text, p)) return fail(c, "pipeline wrote a malformed line");
        if (!p.run.empty() && p.run != c.run) return;   // not this run's: nothing to route it to
        RunSink* sink = c.sink;
        if (is_final(p.type)) c.sink = nullptr;
        sink->on_event(p.type, p.data);
    }

    void read_err(Child& c) {
        bool more = true;
        try { more = c.err->fill(); } catch (const Fatal&) { more = false; }
        Line line;
        while (c.err->next(line))
            if (!line.text.empty()) rag::warnf("{}: {}", label(c), line.text);
        if (more) return;
        c.err_eof = true;
        loop_.remove(c.err_fd);
        close(c.err_fd);
        maybe_free(c);
    }

    void maybe_free(Child& c) {
        if (!(c.out_eof && c.err_eof && c.reaped) || c.freeing) return;
        c.freeing = true;
        pid_t pid = c.pid;
        loop_.defer([this, pid] {
            auto it = children_.find(pid);
            if (it == children_.end()) return;
            Child& ch = *it->second;
            loop_.cancel(ch.kill_timer);
            if (ch.in.fd >= 0) { loop_.remove(ch.in.fd); close(ch.in.fd); }
            auto r = by_run_.find(ch.run);
            if (r != by_run_.end() && r->second == pid) by_run_.erase(r);
            children_.erase(it);
        });
    }

    Loop& loop_;
    PipelineOptions options_;
    LineParser parser_;
    std::unordered_map<pid_t, std::unique_ptr<Child>> children_;
    std::unordered_map<std::string, pid_t> by_run_;
    std::deque<pid_t> spares_;   // started, waiting for a run; oldest first
    bool stopping_ = false;
};

// --------------------------------------------------------------- worker mode

class WorkerRunner : public Runner {
public:
    WorkerRunner(Loop& loop, PipelineOptions options, int count) : loop_(loop), options_(std::move(options)) {
        for (int i = 0; i < count; ++i) {
            workers_.push_back(std::make_unique<Worker>());
            workers_.back()->index = i;
            launch(*workers_.back());
        }
    }
    ~WorkerRunner() override { shutdown(); }

    void start(const std::string& run, std::string_view request_line, RunSink* sink) override {
        Worker* best = nullptr;
        for (auto& w : workers_)
            if (w->alive && (!best || w->runs.size() < best->runs.size())) best = w.get();
        if (!best) return sink->on_failure("no pipeline worker is running");
        best->runs[run] = sink;
        run_worker_[run] = best->index;
        best->in.buf.append(request_line);
        best->in.buf.push_back('\n');
        write_in(*best);
    }

    void cancel(const std::string& run) override {
        auto it = run_worker_.find(run);
        if (it == run_worker_.end()) return;
        Worker& w = *workers_[it->second];
        run_worker_.erase(it);
        if (!w.runs.erase(run) || !w.alive) return;
        fmt::format_to(std::back_inserter(w.in.buf), "{{\"type\":\"cancel\",\"run\":\"{}\",\"data\":{{}}}}\n", run);
        write_in(w);
    }

    void reaped(pid_t pid, int status) override {
        for (auto& w : workers_) {
            if (w->pid != pid) continue;
            w->reaped = true;
            if (!stopping_) rag::warnf("worker {}: pipeline ended with {}", w->index, describe_status(status));
            died(*w);
        }
    }

    void shutdown() override {
        stopping_ = true;
        for (auto& w : workers_) {
            if (w->pid > 0 && !w->reaped) ::kill(-w->pid, SIGKILL);
            died(*w);
        }
    }

    size_t processes() const override {
        size_t n = 0;
        for (auto& w : workers_) n += w->pid > 0 && !w->reaped;
        return n;
    }

private:
    struct Worker {
        int index = 0;
        pid_t pid = -1;
        bool alive = false, reaped = false;
        PipeWriter in;
        bool in_watched = false;   // EPOLLOUT registered for `in`
        int out_fd = -1, err_fd = -1;
        std::unique_ptr<LineReader> out, err;
        std::unordered_map<std::string, RunSink*> runs;
        uint64_t restart_timer = 0;
    };

    void launch(Worker& w) {
        Spawned s = spawn_pipeline(options_.command);
        w.pid = s.pid;
        w.alive = true;
        w.reaped = false;
        w.in = PipeWriter{s.in, {}, 0};
        w.in_watched = false;
        w.out_fd = s.out;
        w.err_fd = s.err;
        w.out = std::make_unique<LineReader>(s.out, kMaxPipelineLine);
        w.err = std::make_unique<LineReader>(s.err, 64 * 1024);
        Worker* wp = &w;
        loop_.add(s.out, EPOLLIN, [this, wp](uint32_t) { read_out(*wp); });
        loop_.add(s.err, EPOLLIN, [this, wp](uint32_t) { read_err(*wp); });
    }

    // Fails the worker's runs, closes its pipes, schedules a restart.
    void died(Worker& w) {
        if (w.alive) {
            w.alive = false;
            if (w.pid > 0 && !w.reaped) ::kill(-w.pid, SIGKILL);
            auto runs = std::move(w.runs);
            w.runs.clear();
            for (auto& [run, sink] : runs) {
                run_worker_.erase(run);
                sink->on_failure("pipeline worker exited");
            }
            for (int* fd : {&w.in.fd, &w.out_fd, &w.err_fd}) {
                if (*fd < 0) continue;
                loop_.remove(*fd);
                close(*fd);
                *fd = -1;
            }
        }
        if (w.reaped && !stopping_ && !w.restart_timer) {
            Worker* wp = &w;
            w.restart_timer = loop_.after(500, [this, wp] {
                wp->restart_timer = 0;
                if (stopping_) return;
                try { launch(*wp); } catch (const Fatal& e) { rag::warnf("worker {}: {}", wp->index, e.what()); }
            });
        }
    }

    // Writes what the pipe takes; the rest leaves when epoll says it can.
    void write_in(Worker& w) {
        if (w.in.fd < 0) return;
        if (!w.in.write_some()) return died(w);
        if (w.in.pending() && !w.in_watched) {
            w.in_watched = true;
            Worker* wp = &w;
            loop_.add(w.in.fd, EPOLLOUT, [this, wp](uint32_t) {
                if (!wp->in.write_some()) return died(*wp);
                if (wp->in.pending()) return;
                loop_.remove(wp->in.fd);
                wp->in_watched = false;
            });
        }
    }

    void read_out(Worker& w) {
        bool more = true;
        try { more = w.out->fill(); } catch (const Fatal&) { more = false; }
        Line line;
        while (w.out->next(line)) handle_line(w, line);
        if (!more) died(w);
    }

    void handle_line(Worker& w, const Line& line) {
        if (line.too_long) return rag::warnf("worker {}: over-long line skipped", w.index);
        if (line.text.empty()) return;
        Parsed p;
        if (!parser_.parse(line.text, p)) return rag::warnf("worker {}: malformed line skipped", w.index);
        auto it = w.runs.find(std::string(p.run));
        if (it == w.runs.end()) return;   // a cancelled or unknown run
        RunSink* sink = it->second;
        if (is_final(p.type)) {
            run_worker_.erase(it->first);
            w.runs.erase(it);
        }
        sink->on_event(p.type, p.data);
    }

    void read_err(Worker& w) {
        bool more = true;
        try { more = w.err->fill(); } catch (const Fatal&) { more = false; }
        Line line;
        while (w.err->next(line))
            if (!line.text.empty()) rag::warnf("worker {}: {}", w.index, line.text);
        if (!more && w.err_fd >= 0) {
            loop_.remove(w.err_fd);
            close(w.err_fd);
            w.err_fd = -1;
        }
    }

    Loop& loop_;
    PipelineOptions options_;
    LineParser parser_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::unordered_map<std::string, int> run_worker_;
    bool stopping_ = false;
};

}  // namespace

std::unique_ptr<Runner> make_spawn_runner(Loop& loop, PipelineOptions options) {
    return std::make_unique<SpawnRunner>(loop, std::move(options));
}

std::unique_ptr<Runner> make_worker_runner(Loop& loop, PipelineOptions options, int workers) {
    return std::make_unique<WorkerRunner>(loop, std::move(options), workers);
}

}  // namespace rag::http
