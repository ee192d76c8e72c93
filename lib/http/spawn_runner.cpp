// SPDX-License-Identifier: MIT
// Spawn mode: a new process group per run, started ahead of the run when spares > 0.
#include <sys/wait.h>

#include <deque>
#include <unordered_map>

#include <fmt/format.h>

#include "lib/core/error.h"
#include "lib/core/process.h"
#include "lib/http/child.h"
#include "lib/http/pipeline.h"

namespace rag::http {
namespace {

// After a run's last event its pipeline has nothing left to do (stdin is closed, rag-cache put
// commits before it passes `done` on): stages still alive this long after it are killed.
constexpr double kAfterLastEventMs = 2000;

bool is_final(std::string_view type) { return type == "done" || type == "error"; }

class SpawnRunner : public Runner, private ChildListener {
public:
    SpawnRunner(Loop& loop, PipelineOptions options) : loop_(loop), options_(std::move(options)) { top_up(); }
    ~SpawnRunner() override { shutdown(); }

    void start(const std::string& run, std::string_view request_line, RunSink* sink) override;
    void cancel(const std::string& run) override;
    void reaped(pid_t pid, int status) override;
    void shutdown() override;
    size_t processes() const override;
    void stop_spares() override;

private:
    // One pipeline and the run it serves (none yet: a spare).
    struct Slot {
        std::unique_ptr<Child> child;
        std::string run;
        RunSink* sink = nullptr;
        uint64_t kill_timer = 0;  // the run's time limit, or a spare's age limit
        bool freeing = false;
    };

    void on_event(Child& child, const PipelineEvent& event) override;
    void on_bad_line(Child& child, BadLine why) override;
    void on_stderr(Child& child, std::string_view line) override;
    void on_output_end(Child& child) override;
    void on_stderr_end(Child& child) override {
        with(child.pid(), [&](Slot& s) { maybe_free(s); });
    }

    static std::string label(const Slot& s) { return s.run.empty() ? "spare pipeline" : "run " + s.run; }

    template <typename F>
    void with(pid_t pid, F&& f) {
        auto it = slots_.find(pid);
        if (it != slots_.end()) f(*it->second);
    }

    Slot& launch();
    Slot* take_spare();
    void top_up();
    void fail(Slot& s, std::string_view message);
    void end_soon(Slot& s);
    void maybe_free(Slot& s);

    Loop& loop_;
    PipelineOptions options_;
    std::unordered_map<pid_t, std::unique_ptr<Slot>> slots_;
    std::unordered_map<std::string, pid_t> by_run_;
    std::deque<pid_t> spares_;  // started, waiting for a run; oldest first
    bool stopping_ = false;
};

void SpawnRunner::start(const std::string& run, std::string_view request_line, RunSink* sink) {
    Slot* slot = take_spare();
    if (!slot) {
        try {
            slot = &launch();
        } catch (const Fatal& e) {
            return sink->on_failure(e.what());
        }
    }
    // The replacement starts after this request is written: the run goes first.
    if (options_.spares > 0) loop_.defer([this] { top_up(); });
    slot->run = run;
    slot->sink = sink;
    pid_t pid = slot->child->pid();
    by_run_[run] = pid;
    slot->kill_timer = loop_.after(options_.kill_after_ms, [this, pid] {
        with(pid, [&](Slot& s) {
            s.kill_timer = 0;
            fail(s, "pipeline killed: still running at the time limit");
        });
    });
    slot->child->send_line(request_line);
    slot->child->end_input();  // one run per pipeline: it exits after `done`
}

void SpawnRunner::cancel(const std::string& run) {
    auto it = by_run_.find(run);
    if (it == by_run_.end()) return;
    with(it->second, [&](Slot& s) {
        s.sink = nullptr;
        s.child->kill_group();
    });
}

void SpawnRunner::reaped(pid_t pid, int status) {
    with(pid, [&](Slot& s) {
        Child& c = *s.child;
        c.set_reaped(status);
        if (s.run.empty()) std::erase(spares_, pid);
        if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0) && !c.killed())
            rag::warnf("{}: pipeline ended with {}", label(s), describe_status(status));
        // Stages in the group may outlive the shell and hold the pipes open.
        if (!c.output_ended()) c.kill_group();
        maybe_free(s);
    });
}

void SpawnRunner::shutdown() {
    stopping_ = true;
    spares_.clear();
    for (auto& [pid, s] : slots_) {
        s->sink = nullptr;
        s->child->kill_group();
    }
}

// Spares are not counted: they hold no run, and shutdown() ends them at once.
size_t SpawnRunner::processes() const {
    size_t n = 0;
    for (const auto& [pid, s] : slots_) n += !s->run.empty();
    return n;
}

void SpawnRunner::stop_spares() {
    stopping_ = true;  // and start no more: a run during the grace period spawns its own
    for (pid_t pid : spares_)
        with(pid, [&](Slot& s) {
            loop_.cancel(s.kill_timer);
            s.kill_timer = 0;
            s.child->kill_group();
        });
    spares_.clear();
}

// Starts a pipeline that waits on its stdin for a run.
SpawnRunner::Slot& SpawnRunner::launch() {
    auto slot = std::make_unique<Slot>();
    slot->child = std::make_unique<Child>(loop_, options_.command, static_cast<ChildListener&>(*this));
    Slot& s = *slot;
    slots_.emplace(s.child->pid(), std::move(slot));
    return s;
}

// A started pipeline for the next run, or nullptr when none is ready.
SpawnRunner::Slot* SpawnRunner::take_spare() {
    while (!spares_.empty()) {
        pid_t pid = spares_.front();
        spares_.pop_front();
        auto it = slots_.find(pid);
        if (it == slots_.end()) continue;
        Slot& s = *it->second;
        loop_.cancel(s.kill_timer);
        s.kill_timer = 0;
        if (!s.child->killed() && !s.child->reaped() && !s.child->output_ended()) return &s;
    }
    return nullptr;
}

// Keeps `spares` pipelines started ahead of the runs that will use them, so
// that a run does not wait for six processes to start. A spare that grows old
// is replaced: binaries or the environment may have changed.
void SpawnRunner::top_up() {
    while (!stopping_ && spares_.size() < static_cast<size_t>(options_.spares)) {
        Slot* s;
        try {
            s = &launch();
        } catch (const Fatal& e) {
            rag::warnf("spare pipeline: {}", e.what());
            return;
        }
        pid_t pid = s->child->pid();
        spares_.push_back(pid);
        s->kill_timer = loop_.after(options_.spare_max_age_ms, [this, pid] {
            with(pid, [&](Slot& sp) {
                sp.kill_timer = 0;
                std::erase(spares_, pid);
                sp.child->kill_group();
            });
            top_up();
        });
    }
}

void SpawnRunner::fail(Slot& s, std::string_view message) {
    RunSink* sink = std::exchange(s.sink, nullptr);
    s.child->kill_group();
    if (sink) sink->on_failure(message);
}

void SpawnRunner::on_event(Child& child, const PipelineEvent& event) {
    with(child.pid(), [&](Slot& s) {
        if (!s.sink) return;
        if (!event.run.empty() && event.run != s.run) return;  // not this run's: nothing to route it to
        RunSink* sink = s.sink;
        if (is_final(event.type)) {
            s.sink = nullptr;
            end_soon(s);
        }
        sink->on_event(event.type, event.data);
    });
}

// The run is over: a stage that lingers (a shell waiting on a child, a stage that ignores the end
// of its input) is killed after a short grace, not at the run's time limit.
void SpawnRunner::end_soon(Slot& s) {
    loop_.cancel(s.kill_timer);
    pid_t pid = s.child->pid();
    s.kill_timer = loop_.after(kAfterLastEventMs, [this, pid] {
        with(pid, [&](Slot& sl) {
            sl.kill_timer = 0;
            if (!sl.child->finished()) sl.child->kill_group();
        });
    });
}

void SpawnRunner::on_bad_line(Child& child, BadLine why) {
    with(child.pid(), [&](Slot& s) {
        if (s.sink)
            fail(s, why == BadLine::kTooLong ? "pipeline wrote an over-long line" : "pipeline wrote a malformed line");
    });
}

void SpawnRunner::on_stderr(Child& child, std::string_view line) {
    with(child.pid(), [&](Slot& s) { rag::warnf("{}: {}", label(s), line); });
}

void SpawnRunner::on_output_end(Child& child) {
    with(child.pid(), [&](Slot& s) {
        if (s.sink)
            fail(s, child.reaped()
                        ? fmt::format("pipeline ended without a done event ({})", describe_status(child.status()))
                        : std::string("pipeline ended without a done event"));
        maybe_free(s);
    });
}

// Frees a slot once nothing more can happen to it, after the current batch:
// its child may be on the stack.
void SpawnRunner::maybe_free(Slot& s) {
    if (!s.child->finished() || s.freeing) return;
    s.freeing = true;
    pid_t pid = s.child->pid();
    loop_.defer([this, pid] {
        auto it = slots_.find(pid);
        if (it == slots_.end()) return;
        Slot& slot = *it->second;
        loop_.cancel(slot.kill_timer);
        auto r = by_run_.find(slot.run);
        if (r != by_run_.end() && r->second == pid) by_run_.erase(r);
        slots_.erase(it);
    });
}

}  // namespace

std::unique_ptr<Runner> make_spawn_runner(Loop& loop, PipelineOptions options) {
    return std::make_unique<SpawnRunner>(loop, std::move(options));
}

}  // namespace rag::http
