// SPDX-License-Identifier: MIT
// Counters and histograms of rag-sse, rendered in the Prometheus text format.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace rag::http {

/// A cumulative histogram with fixed upper bounds (seconds).
class Histogram {
public:
    explicit Histogram(std::vector<double> bounds);
    void observe(double value);
    /// Appends the _bucket, _sum and _count lines of metric `name`.
    void render(std::string& out, const std::string& name, const std::string& help) const;

private:
    std::vector<double> bounds_;
    std::vector<uint64_t> counts_;  // per bucket, not cumulative; last is +Inf
    double sum_ = 0;
    uint64_t count_ = 0;
};

struct Metrics {
    Metrics();
    std::map<int, uint64_t> requests_by_status;
    std::map<std::string, uint64_t> requests_by_endpoint;  ///< a route's path, or "other"
    std::map<std::string, uint64_t> runs_by_outcome;       ///< done, error, cancelled, timeout
    uint64_t streams_open = 0;
    uint64_t cache_hits = 0;
    // The resume window (rag-sse --resume-window).
    uint64_t runs_detached = 0;    ///< streams whose client went away while the run went on
    uint64_t runs_resumed = 0;     ///< requests that took a stream up again with Last-Event-ID
    uint64_t runs_evicted = 0;     ///< held runs dropped before their window ended, to stay in bytes
    uint64_t runs_held = 0;        ///< gauge: runs kept for a client to come back to
    uint64_t event_log_bytes = 0;  ///< gauge: bytes of the streams' event logs
    Histogram first_token;         ///< seconds from request to first token
    Histogram duration;            ///< seconds from request to the end of the run

    /// The whole exposition, with gauges given by the caller.
    std::string render(size_t runs_active, size_t connections, size_t processes) const;

private:
    void render_resume(std::string& out) const;
};

}  // namespace rag::http
