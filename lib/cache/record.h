// SPDX-License-Identifier: MIT
// `rag-cache put`: stores each finished answer and appends each finished turn
// to its session. Passes every event through unchanged.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "lib/cache/answers.h"
#include "lib/cache/cache.h"
#include "lib/cache/corpus.h"
#include "lib/cache/sessions.h"
#include "lib/core/event.h"

namespace rag::cache {

struct RecordOptions {
    std::string cache_dir;
    std::string index_dir;
    SessionLimits sessions;
};

/// Remembers each run's request, sources, tokens and verify result; on
/// `done` with cached:false (and use_cache) stores the answer; on every
/// `done` of a run with a session_id appends the user and assistant turns.
/// `error` and `cancel` drop the run: nothing of it is stored.
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
    void on_drop(const Event& ev, Writer& out);  ///< error, cancel
    void at_end(Writer&) { runs_.clear(); }

    /// Runs being followed (for tests).
    size_t open_runs() const { return runs_.size(); }

private:
    struct Run {
        std::string key;  // "" when the answer must not be stored
        Answer answer;    // identity fields filled from the request
        std::string query, session;
        std::string text;  // the tokens so far
    };

    /// Commits what the run leaves; false when nothing was written.
    bool store(const std::string& run_id, Run& run, const Event& done);
    Run* find(const Event& ev);

    RecordOptions options_;
    Cache cache_;
    IndexWatch index_;
    bool index_warned_ = false;
    std::unordered_map<std::string, Run> runs_;
};

}  // namespace rag::cache
