// SPDX-License-Identifier: MIT
// One chat run: started in the pipeline, relayed to its client, ended exactly once.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "lib/http/exchange.h"
#include "lib/http/loop.h"
#include "lib/http/metrics.h"
#include "lib/http/pipeline.h"
#include "lib/http/reply.h"

namespace rag::http {

/// What every run shares.
struct RunHost {
    Loop& loop;
    Runner& runner;
    Metrics& metrics;
    double run_timeout_ms;
    std::function<void(const std::string& run)> ended;  ///< the run finished; free it after this batch
};

/// Ends on done, error, a pipeline failure, its time limit or the client's
/// disconnect; each way counts once in the metrics by outcome.
class Run : public RunSink {
public:
    Run(RunHost& host, std::string id, ExchangePtr ex, std::unique_ptr<Reply> reply);

    /// Writes the request into the pipeline; `line` is the request event.
    void begin(const std::string& line);
    void on_event(std::string_view type, std::string_view data) override;
    void on_failure(std::string_view message) override { fail(message, "error", 502); }
    /// Shutdown: the grace period is over.
    void abandon(const std::string& message);

private:
    void fail(std::string_view message, const char* outcome, int status);
    void client_gone();
    void timed_out();
    void finish(const char* outcome);

    RunHost& host_;
    std::string id_;
    ExchangePtr ex_;
    std::unique_ptr<Reply> reply_;
    bool finished_ = false;
    uint64_t timeout_timer_ = 0;
};

}  // namespace rag::http
