// SPDX-License-Identifier: MIT
// Counters and histograms of rag-sse, rendered in the Prometheus text format.
#include "lib/http/metrics.h"

#include <fmt/format.h>

#include "lib/http/log_sink.h"

namespace rag::http {

Histogram::Histogram(std::vector<double> bounds) : bounds_(std::move(bounds)), counts_(bounds_.size() + 1) {}

void Histogram::observe(double value) {
    size_t i = 0;
    while (i < bounds_.size() && value > bounds_[i]) ++i;
    ++counts_[i];
    sum_ += value;
    ++count_;
}

void Histogram::render(std::string& out, const std::string& name, const std::string& help) const {
    auto o = std::back_inserter(out);
    fmt::format_to(o, "# HELP {} {}\n# TYPE {} histogram\n", name, help, name);
    uint64_t cumulative = 0;
    for (size_t i = 0; i < bounds_.size(); ++i) {
        cumulative += counts_[i];
        fmt::format_to(o, "{}_bucket{{le=\"{}\"}} {}\n", name, bounds_[i], cumulative);
    }
    fmt::format_to(o, "{}_bucket{{le=\"+Inf\"}} {}\n{}_sum {}\n{}_count {}\n", name, count_, name, sum_, name, count_);
}

Metrics::Metrics()
    : first_token({0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}),
      duration({0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120}) {}

void Metrics::render_resume(std::string& out) const {
    auto o = std::back_inserter(out);
    fmt::format_to(o,
                   "# HELP rag_sse_runs_detached_total Streams whose client went away while the run went on.\n"
                   "# TYPE rag_sse_runs_detached_total counter\nrag_sse_runs_detached_total {}\n"
                   "# HELP rag_sse_runs_resumed_total Requests that took a stream up again with Last-Event-ID.\n"
                   "# TYPE rag_sse_runs_resumed_total counter\nrag_sse_runs_resumed_total {}\n"
                   "# HELP rag_sse_runs_evicted_total Held runs dropped before their resume window ended.\n"
                   "# TYPE rag_sse_runs_evicted_total counter\nrag_sse_runs_evicted_total {}\n"
                   "# HELP rag_sse_runs_held Runs kept for a client to come back to.\n"
                   "# TYPE rag_sse_runs_held gauge\nrag_sse_runs_held {}\n"
                   "# HELP rag_sse_event_log_bytes Bytes of the streams' event logs.\n"
                   "# TYPE rag_sse_event_log_bytes gauge\nrag_sse_event_log_bytes {}\n",
                   runs_detached, runs_resumed, runs_evicted, runs_held, event_log_bytes);
}

std::string Metrics::render(size_t runs_active, size_t connections, size_t processes) const {
    std::string out;
    auto o = std::back_inserter(out);
    out += "# HELP rag_sse_requests_total HTTP requests answered, by status.\n# TYPE rag_sse_requests_total counter\n";
    for (const auto& [status, n] : requests_by_status)
        fmt::format_to(o, "rag_sse_requests_total{{status=\"{}\"}} {}\n", status, n);
    out +=
        "# HELP rag_sse_endpoint_requests_total HTTP requests answered, by endpoint.\n"
        "# TYPE rag_sse_endpoint_requests_total counter\n";
    for (const auto& [endpoint, n] : requests_by_endpoint)
        fmt::format_to(o, "rag_sse_endpoint_requests_total{{endpoint=\"{}\"}} {}\n", endpoint, n);
    out += "# HELP rag_sse_runs_total Pipeline runs, by outcome.\n# TYPE rag_sse_runs_total counter\n";
    for (const auto& [outcome, n] : runs_by_outcome)
        fmt::format_to(o, "rag_sse_runs_total{{outcome=\"{}\"}} {}\n", outcome, n);
    fmt::format_to(o,
                   "# HELP rag_sse_streams_open SSE responses in progress.\n# TYPE rag_sse_streams_open gauge\n"
                   "rag_sse_streams_open {}\n",
                   streams_open);
    fmt::format_to(o,
                   "# HELP rag_sse_runs_active Runs in progress.\n# TYPE rag_sse_runs_active gauge\n"
                   "rag_sse_runs_active {}\n",
                   runs_active);
    fmt::format_to(o,
                   "# HELP rag_sse_connections Open client connections.\n# TYPE rag_sse_connections gauge\n"
                   "rag_sse_connections {}\n",
                   connections);
    fmt::format_to(o,
                   "# HELP rag_sse_pipeline_processes Pipelines running a run (spares not counted).\n# TYPE "
                   "rag_sse_pipeline_processes gauge\n"
                   "rag_sse_pipeline_processes {}\n",
                   processes);
    fmt::format_to(o,
                   "# HELP rag_sse_cache_hits_total Runs answered from the answer cache.\n"
                   "# TYPE rag_sse_cache_hits_total counter\nrag_sse_cache_hits_total {}\n",
                   cache_hits);
    render_resume(out);
    fmt::format_to(o,
                   "# HELP rag_sse_log_lines_dropped_total Log lines dropped because standard error was not read.\n"
                   "# TYPE rag_sse_log_lines_dropped_total counter\nrag_sse_log_lines_dropped_total {}\n",
                   log_lines_dropped());
    first_token.render(out, "rag_sse_first_token_seconds", "Time from request to the first token.");
    duration.render(out, "rag_sse_run_duration_seconds", "Time from request to the end of the run.");
    return out;
}

}  // namespace rag::http
