// SPDX-License-Identifier: MIT
// Running the chat pipeline for rag-sse: a process group per run, or long-lived workers.
#pragma once

#include <sys/types.h>
#include <memory>
#include <string>
#include <string_view>

#include "lib/http/loop.h"

namespace rag::http {

/// Where the events of one run go.
class RunSink {
public:
    virtual ~RunSink() = default;
    /// One event of the run, in pipeline order; `data_json` is its data as
    /// compact one-line JSON ("{}" when absent). After `done` or `error` the
    /// runner calls the sink no more.
    virtual void on_event(std::string_view type, std::string_view data_json) = 0;
    /// The pipeline failed the run (ended without `done`, wrote a malformed
    /// line, its worker died). No call follows.
    virtual void on_failure(std::string_view message) = 0;
};

struct PipelineOptions {
    std::string command;              ///< run as /bin/sh -c COMMAND
    double kill_after_ms = 130000;    ///< spawn mode: a pipeline alive this long is killed
    int spares = 1;                   ///< spawn mode: pipelines started ahead of the runs that will use them
    double spare_max_age_ms = 60000;  ///< spawn mode: an unused spare this old is replaced
    unsigned worker_runs = 0;         ///< worker mode: runs a worker takes before it is retired (0: no limit)
};

/// Feeds runs to pipelines and routes their events back by run id. Request
/// data travels only on the pipeline's stdin, never on a command line.
class Runner {
public:
    virtual ~Runner() = default;
    /// Writes `request_line` (a whole `request` event, no newline) into a
    /// pipeline; the run's events then go to `sink`, which must stay valid
    /// until done, error, on_failure or cancel().
    virtual void start(const std::string& run, std::string_view request_line, RunSink* sink) = 0;
    /// Stops a run at once (client gone, timeout): spawn mode kills its process
    /// group, worker mode sends a `cancel` event. The sink is not called again.
    virtual void cancel(const std::string& run) = 0;
    /// Stops a run that passed the run timeout. Worker mode also restarts the
    /// worker it was stuck in, failing that worker's other runs.
    virtual void time_out(const std::string& run) { cancel(run); }
    /// A child exited (the caller reaps with waitpid and reports here).
    virtual void reaped(pid_t pid, int status) = 0;
    /// Kills every pipeline (shutdown).
    virtual void shutdown() = 0;
    /// Pipelines running a run or still ending one (spares not counted).
    virtual size_t processes() const = 0;
    /// Ends the pipelines started ahead for runs to come (shutdown begins).
    virtual void stop_spares() {}
};

/// A new process group per run (crash-isolated; the default), started ahead
/// of the run when `spares` > 0.
std::unique_ptr<Runner> make_spawn_runner(Loop& loop, PipelineOptions options);
/// `workers` long-lived pipelines, each fed many runs; a dead or stalled
/// worker fails its runs and is restarted; one that served `worker_runs` runs
/// or whose programs changed on disk is replaced once its runs are done.
std::unique_ptr<Runner> make_worker_runner(Loop& loop, PipelineOptions options, int workers);

}  // namespace rag::http
