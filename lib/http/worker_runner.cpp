// SPDX-License-Identifier: MIT
// Worker mode: long-lived pipelines, each fed many runs. A worker that dies or stalls fails its runs
// and is restarted; one that has served --worker-runs runs, or whose programs changed on disk, is
// retired: a fresh worker takes its place at once, and it ends when its last run has.
#include <chrono>
#include <unordered_map>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "lib/core/error.h"
#include "lib/core/json_out.h"
#include "lib/core/process.h"
#include "lib/http/child.h"
#include "lib/http/pipeline.h"
#include "lib/http/program_stamp.h"

namespace rag::http {
namespace {

constexpr double kRestartDelayMs = 500;
constexpr auto kStampInterval = std::chrono::seconds(1);  // how often the programs are stat'ed

bool is_final(std::string_view type) { return type == "done" || type == "error"; }

std::string cancel_line(std::string_view run) {
    std::string line;
    JsonWriter w(line);
    w.begin_object().key("type").str("cancel").key("run").str(run).key("data").begin_object().end_object().end_object();
    line += '\n';
    return line;
}

class WorkerRunner : public Runner, private ChildListener {
public:
    WorkerRunner(Loop& loop, PipelineOptions options, int count);
    ~WorkerRunner() override { shutdown(); }

    void start(const std::string& run, std::string_view request_line, RunSink* sink) override;
    void cancel(const std::string& run) override;
    void time_out(const std::string& run) override;
    void reaped(pid_t pid, int status) override;
    void shutdown() override;
    size_t processes() const override;

private:
    struct Worker {
        int index = 0;
        std::unique_ptr<Child> child;  // kept after death until the restart replaces it
        bool alive = false;
        bool retiring = false;  // takes no new runs; ends after its last one
        unsigned runs_started = 0;
        ProgramStamp programs;  // as they were when it started
        std::unordered_map<std::string, RunSink*> runs;
        uint64_t restart_timer = 0, kill_timer = 0;
    };
    using WorkerPtr = std::unique_ptr<Worker>;

    void on_event(Child& child, const PipelineEvent& event) override;
    void on_bad_line(Child& child, BadLine why) override;
    void on_stderr(Child& child, std::string_view line) override;
    void on_output_end(Child& child) override { died(worker_of(child), "pipeline worker exited"); }
    void on_input_lost(Child& child) override { died(worker_of(child), "pipeline worker exited"); }

    Worker& worker_of(const Child& child);
    Worker* least_busy();
    void launch(Worker& w);
    void died(Worker& w, std::string_view why);
    void schedule_restart(Worker& w);
    void rotate_changed_programs();
    void retire(size_t slot, std::string_view why);
    void run_ended(Worker& w, std::string run);
    void assign(Worker& w, const std::string& run, std::string_view request_line, RunSink* sink);
    void take_waiting(Worker& w);

    struct Waiting {  // a run that came while no worker was up (one restarting)
        std::string run, request_line;
        RunSink* sink;
    };

    Loop& loop_;
    PipelineOptions options_;
    std::vector<WorkerPtr> workers_;  // the slots that take new runs
    std::vector<WorkerPtr> retired_;  // finishing their runs
    std::unordered_map<std::string, Worker*> run_worker_;
    std::vector<Waiting> waiting_;
    ProgramStamp programs_;
    std::chrono::steady_clock::time_point programs_checked_;
    bool stopping_ = false;
};

WorkerRunner::WorkerRunner(Loop& loop, PipelineOptions options, int count)
    : loop_(loop), options_(std::move(options)), programs_(stamp_programs(options_.command)),
      programs_checked_(std::chrono::steady_clock::now()) {
    for (int i = 0; i < count; ++i) {
        workers_.push_back(std::make_unique<Worker>());
        workers_.back()->index = i;
        launch(*workers_.back());
    }
}

WorkerRunner::Worker* WorkerRunner::least_busy() {
    Worker* best = nullptr;
    for (auto& w : workers_)
        if (w->alive && (!best || w->runs.size() < best->runs.size())) best = w.get();
    return best;
}

void WorkerRunner::start(const std::string& run, std::string_view request_line, RunSink* sink) {
    rotate_changed_programs();
    Worker* w = least_busy();
    if (!w) return waiting_.push_back({run, std::string(request_line), sink});
    assign(*w, run, request_line, sink);
}

void WorkerRunner::assign(Worker& w, const std::string& run, std::string_view request_line, RunSink* sink) {
    w.runs[run] = sink;
    run_worker_[run] = &w;
    w.child->send_line(request_line);
    if (options_.worker_runs && ++w.runs_started >= options_.worker_runs)
        retire(static_cast<size_t>(w.index), fmt::format("served {} runs", w.runs_started));
}

// A worker is up again: the runs that waited for one go to it, in the order they came.
void WorkerRunner::take_waiting(Worker& w) {
    auto waiting = std::move(waiting_);
    waiting_.clear();
    for (Waiting& r : waiting) {
        Worker* target = w.alive ? &w : least_busy();
        if (!target) {
            waiting_.push_back(std::move(r));
            continue;
        }
        assign(*target, r.run, r.request_line, r.sink);
    }
}

void WorkerRunner::cancel(const std::string& run) {
    std::erase_if(waiting_, [&](const Waiting& r) { return r.run == run; });
    auto it = run_worker_.find(run);
    if (it == run_worker_.end()) return;
    Worker& w = *it->second;
    if (w.alive && w.runs.count(run)) w.child->send(cancel_line(run));
    run_ended(w, run);
}

// A run past --run-timeout: its worker is stuck (stages handle runs in order), so it is killed and
// restarted, and its other runs fail rather than wait behind the stuck one.
void WorkerRunner::time_out(const std::string& run) {
    std::erase_if(waiting_, [&](const Waiting& r) { return r.run == run; });
    auto it = run_worker_.find(run);
    if (it == run_worker_.end()) return;
    Worker& w = *it->second;
    run_worker_.erase(it);
    w.runs.erase(run);
    if (!w.alive) return;
    rag::warnf("worker {}: run {} passed the run timeout; restarting the worker", w.index, run);
    died(w, "pipeline worker stalled on another run and was restarted");
}

void WorkerRunner::reaped(pid_t pid, int status) {
    auto reaps = [&](const WorkerPtr& w) { return w->child && w->child->pid() == pid; };
    for (auto& w : workers_) {
        if (!reaps(w)) continue;
        w->child->set_reaped(status);
        if (!stopping_) rag::warnf("worker {}: pipeline ended with {}", w->index, describe_status(status));
        died(*w, "pipeline worker exited");
    }
    for (auto it = retired_.begin(); it != retired_.end(); ++it) {
        if (!reaps(*it)) continue;
        (*it)->child->set_reaped(status);
        died(**it, "pipeline worker exited");
        loop_.cancel((*it)->kill_timer);
        retired_.erase(it);  // its pipes are closed: nothing of it is left on the loop
        return;
    }
}

void WorkerRunner::shutdown() {
    stopping_ = true;
    for (Waiting& r : std::exchange(waiting_, {})) r.sink->on_failure("server shutting down");
    for (auto& w : workers_) died(*w, "pipeline worker exited");
    for (auto& w : retired_) died(*w, "pipeline worker exited");
}

size_t WorkerRunner::processes() const {
    size_t n = 0;
    for (auto& w : workers_) n += w->child && !w->child->reaped();
    for (auto& w : retired_) n += w->child && !w->child->reaped();
    return n;
}

WorkerRunner::Worker& WorkerRunner::worker_of(const Child& child) {
    for (auto* list : {&workers_, &retired_})
        for (auto& w : *list)
            if (w->child.get() == &child) return *w;
    throw std::logic_error("a child that belongs to no worker");
}

void WorkerRunner::launch(Worker& w) {
    w.child = std::make_unique<Child>(loop_, options_.command, static_cast<ChildListener&>(*this));
    w.alive = true;
    w.runs_started = 0;
    w.programs = programs_;
}

// Fails the worker's runs, kills its group, closes its pipes; a slot's worker is then restarted.
void WorkerRunner::died(Worker& w, std::string_view why) {
    if (w.alive) {
        w.alive = false;
        if (!w.child->reaped()) w.child->kill_group();
        auto runs = std::move(w.runs);
        w.runs.clear();
        for (auto& [run, sink] : runs) {
            run_worker_.erase(run);
            sink->on_failure(why);
        }
        w.child->close_pipes();
    }
    if (!w.retiring && w.child && w.child->reaped()) schedule_restart(w);
}

void WorkerRunner::schedule_restart(Worker& w) {
    if (stopping_ || w.restart_timer) return;
    Worker* wp = &w;
    w.restart_timer = loop_.after(kRestartDelayMs, [this, wp] {
        wp->restart_timer = 0;
        if (stopping_) return;
        try {
            launch(*wp);
        } catch (const Fatal& e) {
            rag::warnf("worker {}: {}", wp->index, e.what());
            return schedule_restart(*wp);  // try again: runs may be waiting for it
        }
        take_waiting(*wp);
    });
}

// A rebuilt or upgraded stage: the workers started before it are retired, at most once a second.
void WorkerRunner::rotate_changed_programs() {
    auto now = std::chrono::steady_clock::now();
    if (now - programs_checked_ < kStampInterval) return;
    programs_checked_ = now;
    ProgramStamp current = stamp_programs(options_.command);
    if (current == programs_) return;
    programs_ = std::move(current);
    for (size_t slot = 0; slot < workers_.size(); ++slot)
        if (workers_[slot]->alive && !(workers_[slot]->programs == programs_))
            retire(slot, "its programs changed on disk");
}

// A fresh worker takes the slot now; the old one ends its runs, then its input, and so exits.
void WorkerRunner::retire(size_t slot, std::string_view why) {
    auto fresh = std::make_unique<Worker>();
    fresh->index = static_cast<int>(slot);
    try {
        launch(*fresh);
    } catch (const Fatal& e) {
        rag::warnf("worker {}: not retired ({}): {}", slot, why, e.what());
        return;
    }
    WorkerPtr old = std::exchange(workers_[slot], std::move(fresh));
    rag::warnf("worker {}: retired, {}; a new pipeline takes its runs", slot, why);
    old->retiring = true;
    if (old->runs.empty()) old->child->end_input();
    Worker* w = old.get();
    old->kill_timer = loop_.after(options_.kill_after_ms, [this, w] {
        w->kill_timer = 0;
        died(*w, "retired pipeline worker did not finish its runs in time");
    });
    retired_.push_back(std::move(old));
}

void WorkerRunner::run_ended(Worker& w, std::string run) {  // a copy: `run` may be the map's own key
    run_worker_.erase(run);
    w.runs.erase(run);
    if (w.retiring && w.alive && w.runs.empty()) w.child->end_input();
}

void WorkerRunner::on_event(Child& child, const PipelineEvent& event) {
    Worker& w = worker_of(child);
    auto it = w.runs.find(std::string(event.run));
    if (it == w.runs.end()) return;  // a cancelled or unknown run
    RunSink* sink = it->second;
    if (is_final(event.type)) run_ended(w, it->first);
    sink->on_event(event.type, event.data);
}

// A line that is no event cannot be routed to its run, and says the worker's output is broken: as in
// spawn mode, its runs fail, and a fresh worker takes over.
void WorkerRunner::on_bad_line(Child& child, BadLine why) {
    Worker& w = worker_of(child);
    std::string_view what = why == BadLine::kTooLong ? "an over-long line" : "a malformed line";
    rag::warnf("worker {}: the pipeline wrote {}; restarting the worker", w.index, what);
    died(w, fmt::format("pipeline wrote {}", what));
}

void WorkerRunner::on_stderr(Child& child, std::string_view line) {
    rag::warnf("worker {}: {}", worker_of(child).index, line);
}

}  // namespace

std::unique_ptr<Runner> make_worker_runner(Loop& loop, PipelineOptions options, int workers) {
    return std::make_unique<WorkerRunner>(loop, std::move(options), workers);
}

}  // namespace rag::http
