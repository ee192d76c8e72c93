// SPDX-License-Identifier: MIT
// Worker mode: long-lived pipelines, each fed many runs; a dead worker fails its runs and restarts.
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "lib/core/error.h"
#include "lib/core/json_out.h"
#include "lib/core/process.h"
#include "lib/http/child.h"
#include "lib/http/pipeline.h"

namespace rag::http {
namespace {

constexpr double kRestartDelayMs = 500;

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
    void reaped(pid_t pid, int status) override;
    void shutdown() override;
    size_t processes() const override;

private:
    struct Worker {
        int index = 0;
        std::unique_ptr<Child> child;  // kept after death until the restart replaces it
        bool alive = false;
        std::unordered_map<std::string, RunSink*> runs;
        uint64_t restart_timer = 0;
    };

    void on_event(Child& child, const PipelineEvent& event) override;
    void on_bad_line(Child& child, BadLine why) override;
    void on_stderr(Child& child, std::string_view line) override;
    void on_output_end(Child& child) override { died(worker_of(child)); }
    void on_input_lost(Child& child) override { died(worker_of(child)); }

    Worker& worker_of(const Child& child);
    void launch(Worker& w);
    void died(Worker& w);
    void schedule_restart(Worker& w);

    Loop& loop_;
    PipelineOptions options_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::unordered_map<std::string, Worker*> run_worker_;
    bool stopping_ = false;
};

WorkerRunner::WorkerRunner(Loop& loop, PipelineOptions options, int count) : loop_(loop), options_(std::move(options)) {
    for (int i = 0; i < count; ++i) {
        workers_.push_back(std::make_unique<Worker>());
        workers_.back()->index = i;
        launch(*workers_.back());
    }
}

// The least busy live worker takes the run.
void WorkerRunner::start(const std::string& run, std::string_view request_line, RunSink* sink) {
    Worker* best = nullptr;
    for (auto& w : workers_)
        if (w->alive && (!best || w->runs.size() < best->runs.size())) best = w.get();
    if (!best) return sink->on_failure("no pipeline worker is running");
    best->runs[run] = sink;
    run_worker_[run] = best;
    best->child->send(request_line);
    best->child->send("\n");
}

void WorkerRunner::cancel(const std::string& run) {
    auto it = run_worker_.find(run);
    if (it == run_worker_.end()) return;
    Worker& w = *it->second;
    run_worker_.erase(it);
    if (!w.runs.erase(run) || !w.alive) return;
    w.child->send(cancel_line(run));
}

void WorkerRunner::reaped(pid_t pid, int status) {
    for (auto& w : workers_) {
        if (!w->child || w->child->pid() != pid) continue;
        w->child->set_reaped(status);
        if (!stopping_) rag::warnf("worker {}: pipeline ended with {}", w->index, describe_status(status));
        died(*w);
    }
}

void WorkerRunner::shutdown() {
    stopping_ = true;
    for (auto& w : workers_) died(*w);
}

size_t WorkerRunner::processes() const {
    size_t n = 0;
    for (auto& w : workers_) n += w->child && !w->child->reaped();
    return n;
}

WorkerRunner::Worker& WorkerRunner::worker_of(const Child& child) {
    for (auto& w : workers_)
        if (w->child.get() == &child) return *w;
    throw std::logic_error("a child that belongs to no worker");
}

void WorkerRunner::launch(Worker& w) {
    w.child = std::make_unique<Child>(loop_, options_.command, static_cast<ChildListener&>(*this));
    w.alive = true;
}

// Fails the worker's runs, kills its group, closes its pipes, schedules a restart.
void WorkerRunner::died(Worker& w) {
    if (w.alive) {
        w.alive = false;
        if (!w.child->reaped()) w.child->kill_group();
        auto runs = std::move(w.runs);
        w.runs.clear();
        for (auto& [run, sink] : runs) {
            run_worker_.erase(run);
            sink->on_failure("pipeline worker exited");
        }
        w.child->close_pipes();
    }
    if (w.child && w.child->reaped()) schedule_restart(w);
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
        }
    });
}

void WorkerRunner::on_event(Child& child, const PipelineEvent& event) {
    Worker& w = worker_of(child);
    auto it = w.runs.find(std::string(event.run));
    if (it == w.runs.end()) return;  // a cancelled or unknown run
    RunSink* sink = it->second;
    if (is_final(event.type)) {
        run_worker_.erase(it->first);
        w.runs.erase(it);
    }
    sink->on_event(event.type, event.data);
}

void WorkerRunner::on_bad_line(Child& child, BadLine why) {
    rag::warnf("worker {}: {} line skipped", worker_of(child).index,
               why == BadLine::kTooLong ? "over-long" : "malformed");
}

void WorkerRunner::on_stderr(Child& child, std::string_view line) {
    rag::warnf("worker {}: {}", worker_of(child).index, line);
}

}  // namespace

std::unique_ptr<Runner> make_worker_runner(Loop& loop, PipelineOptions options, int workers) {
    return std::make_unique<WorkerRunner>(loop, std::move(options), workers);
}

}  // namespace rag::http
