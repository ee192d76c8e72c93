// SPDX-License-Identifier: MIT
// `rag-cache put`: stores each finished answer and appends each finished turn
// to its session. Passes every event through unchanged.
#pragma once

#include <string>
#include <vector>

#include "lib/cache/answers.h"
#include "lib/cache/cache.h"
#include "lib/cache/corpus.h"
#include "lib/cache/sessions.h"
#include "lib/core/event.h"
#include "lib/core/run_table.h"

namespace rag::cache {

struct RecordOptions {
    std::string cache_dir;
    std::string index_dir;
    SessionLimits sessions;
};

/// Remembers each run's request, sources, tokens and verify result; on
/// `done` with cached:false (and use_cache) stores the answer; on every
/// `done` of a run with a session_id appends the user and assistant turns.
/// A run that ends in `error` or `cancel` stores nothing: the event core
/// drops its state (runs(), registered with EventTable::track).
/// The commit comes before `done` is passed on, so a client that has read
/// `done` finds the answer and the turn in its next request; the flush to
/// disk comes after, off the run's critical path.
class Recorder {
public:
    explicit Recorder(RecordOptions options);

    void on_request(const Event& ev, Writer& out);
    void on_sources(const Event& ev, Writer& out);
    void on_token(const Event& ev, Writer& out);
    void on_verify(const Event& ev, Writer& out);
    void on_done(const Event& ev, Writer& out);

    /// The runs being followed, for the event core to drop as they end.
    RunStore& runs() { return runs_; }
    size_t open_runs() const { return runs_.size(); }

private:
    struct Run {
        std::string key;       // "" when the answer must not be stored
        Answer answer;         // identity fields filled from the request
        std::string sampling;  // the request's, hashed into the key too
        std::string query, session;
        std::string text;  // the tokens so far
    };

    /// Commits what the run leaves; false when nothing was written.
    bool store(std::string_view run_id, Run& run, const Event& done);
    static void rekey_by_model(Run& run, std::string_view model);

    RecordOptions options_;
    Cache cache_;
    IndexWatch index_;
    bool index_warned_ = false;
    RunTable<Run> runs_;
};

}  // namespace rag::cache
