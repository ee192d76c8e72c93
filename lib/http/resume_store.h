// SPDX-License-Identifier: MIT
// The resume window of rag-sse: the streams a client may come back to, for how long, within what bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "lib/http/exchange.h"
#include "lib/http/loop.h"
#include "lib/http/metrics.h"
#include "lib/http/reply.h"
#include "lib/http/run.h"

namespace rag::http {

struct ResumeOptions {
    double window_ms = 30000;               ///< 0: a client that goes away cancels its run and nothing is held
    size_t run_bytes = size_t{1} << 20;     ///< one stream's event log
    size_t total_bytes = size_t{64} << 20;  ///< every log, plus kHeldRunBytes per held run
    size_t remembered = 8192;               ///< ids of finished runs kept after their events are freed
};

/// The Last-Event-ID header of a request, or its last_event_id query
/// parameter (for clients that cannot set headers); "" when neither is there.
std::string last_event_id(const Request& req);

/// The runs the chat service has going, by id (it owns them).
using RunMap = std::unordered_map<std::string, std::unique_ptr<Run>>;

/// Holds the streams a client may come back to: a detached run goes on for
/// the window after its client left (then it is cancelled), and a finished
/// one is kept for the window after its end (then freed, its id remembered,
/// so a late reconnect answers 204, not 410). Over the total bytes the
/// oldest held runs go first (cancelled or freed, not remembered: 410), then
/// the events of streams still attached are dropped. Answers the requests
/// that carry Last-Event-ID.
class ResumeStore {
public:
    /// What a held run costs besides its events (the Run, its hold, timers).
    static constexpr size_t kHeldRunBytes = 1024;

    /// `running`: the service's runs still going (read only, to find a run
    /// to resume and the logs of attached ones).
    ResumeStore(Loop& loop, Metrics& metrics, const RunMap& running, SseOptions sse, ResumeOptions options);
    ~ResumeStore();
    ResumeStore(const ResumeStore&) = delete;
    ResumeStore& operator=(const ResumeStore&) = delete;

    const ResumeOptions& options() const { return options_; }

    /// A stream lost its client and goes on: held until the window passes.
    void detached(Run& run);
    /// A run ended (the service no longer has it): a completed stream is held
    /// for the window, anything else freed after this batch.
    void ended(std::unique_ptr<Run> run);
    /// A log grew: bounds the total after this batch.
    void logged();

    /// Answers a stream request carrying `last_event_id` ("RUN:SEQ"):
    /// attaches a relay that replays the events after SEQ, then goes live;
    /// 204 if the run finished and nothing is after SEQ (or it finished and
    /// its window passed), 410 if the run is gone or the events after SEQ
    /// are no longer held, 400 for an id this server could not have sent,
    /// 409 for a run that is not a stream.
    void resume(const ExchangePtr& ex, std::string_view last_event_id);

private:
    struct Hold {
        Run* run;
        std::unique_ptr<Run> owned;  // set once the run has ended
        uint64_t age;                // key in by_age_
        double deadline_ms;          // when its window passes
    };

    Run* find(const std::string& id) const;
    void hold(Run& run, std::unique_ptr<Run> owned);
    void release(const std::string& id);
    void arm_expiry();
    void expire_due();
    void drop(const std::string& id, bool remember);
    void bury(std::unique_ptr<Run> run);
    void remember(const std::string& id);
    size_t held_bytes() const;
    void bound_bytes();

    Loop& loop_;
    Metrics& metrics_;
    const RunMap& running_;
    SseOptions sse_;
    ResumeOptions options_;
    std::unordered_map<std::string, Hold> holds_;
    std::map<uint64_t, std::string> by_age_;  // oldest first
    uint64_t next_age_ = 0;
    std::deque<std::string> finished_order_;  // the remembered ids, oldest first
    std::unordered_set<std::string> finished_;
    std::vector<std::unique_ptr<Run>> graveyard_;  // freed after this batch: a run may be on the stack
    bool bounding_ = false;
    uint64_t expiry_timer_ = 0;  // for the oldest hold
};

}  // namespace rag::http
