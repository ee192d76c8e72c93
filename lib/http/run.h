// SPDX-License-Identifier: MIT
// One chat run: started in the pipeline, relayed to its client, ended exactly once.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "lib/http/event_log.h"
#include "lib/http/exchange.h"
#include "lib/http/loop.h"
#include "lib/http/metrics.h"
#include "lib/http/pipeline.h"
#include "lib/http/reply.h"

namespace rag::http {

class Run;

/// What every run shares.
struct RunHost {
    Loop& loop;
    Runner& runner;
    Metrics& metrics;
    double run_timeout_ms;
    std::function<void(const std::string& run)> ended;  ///< the run finished; free it after this batch
    SseOptions sse;  ///< which events a stream relays, and so logs
    double resume_window_ms = 0;  ///< > 0: a stream whose client goes away goes on, detached
    size_t log_bytes = 0;  ///< bound of one stream's event log
    std::function<void(Run&)> detached;  ///< a stream lost its client and goes on
    std::function<void()> logged;  ///< a log grew: the total over all logs may need bounding
    size_t max_run_bytes = 0;      ///< > 0: a run whose events pass this many bytes fails and is cancelled
};

/// Ends on done, error, a pipeline failure, its time limit, its output passing
/// the byte limit or the client's disconnect; each way counts once in the
/// metrics by outcome. A resumable
/// run (an SSE stream) keeps its relayed events in a log: with a resume
/// window, a client that goes away detaches it instead of cancelling it,
/// and a client that comes back attaches a new relay after any seq.
class Run : public RunSink {
public:
    Run(RunHost& host, std::string id, ExchangePtr ex, std::unique_ptr<Reply> reply, bool resumable = false);
    ~Run() override;

    /// Writes the request into the pipeline; `line` is the request event.
    void begin(const std::string& line);
    void on_event(std::string_view type, std::string_view data) override;
    void on_failure(std::string_view message) override { fail(message, "error", 502); }
    /// Shutdown: the grace period is over.
    void abandon(const std::string& message);

    /// A client takes the stream up after event `seq` through `relay` (made
    /// with first_seq seq + 1): the held events after `seq` are replayed,
    /// then the live ones follow, or the stream ends if the run has. A client
    /// still attached is ended first (the last to come wins). The caller
    /// checks that the log holds every event after `seq` and that seq <= last_seq().
    void attach(const ExchangePtr& ex, uint64_t seq, std::unique_ptr<Reply> relay);
    /// Detached and its window is over (or its bytes are needed): cancelled.
    void expire();
    /// Frees the held events: a resume from before them then answers 410.
    void forget_events() {
        if (log_) log_->clear();
    }

    const std::string& id() const { return id_; }
    bool resumable() const { return log_.has_value(); }
    /// The log of a resumable run (resumable() must be true).
    const EventLog& log() const { return *log_; }
    bool finished() const { return outcome_ != nullptr; }
    /// Finished with a last event on its stream (done, error, timeout), not cancelled.
    bool completed() const;
    bool attached() const { return reply_ != nullptr; }

private:
    void deliver(std::string_view type, std::string_view data);
    void fail(std::string_view message, const char* outcome, int status);
    void client_gone();
    void detach();
    void drop_reply();
    void timed_out();
    bool over_byte_limit(std::string_view type, std::string_view data);
    void finish(const char* outcome);

    RunHost& host_;
    std::string id_;
    ExchangePtr ex_;  // null while detached and once finished
    std::unique_ptr<Reply> reply_;  // likewise
    std::optional<EventLog> log_;  // resumable runs
    const char* outcome_ = nullptr;
    double started_ms_ = 0;
    bool first_token_seen_ = false;
    size_t bytes_ = 0;  // of the events the pipeline wrote for this run
    uint64_t timeout_timer_ = 0;
};

}  // namespace rag::http
