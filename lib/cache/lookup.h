// SPDX-License-Identifier: MIT
// `rag-cache get`: serves cached answers and fills a request's empty history
// from its session.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "lib/cache/answers.h"
#include "lib/cache/cache.h"
#include "lib/cache/corpus.h"
#include "lib/core/event.h"
#include "lib/core/request.h"

namespace rag::cache {

constexpr size_t kDefaultHistoryTurns = 20;

struct LookupOptions {
    std::string cache_dir;
    std::string index_dir;
    int64_t ttl_ms = 0;                           ///< 0: answers never expire
    size_t history_turns = kDefaultHistoryTurns;  ///< turns loaded from a session
    int64_t session_ttl_ms = 0;                   ///< older turns are not loaded (0: all are)
};

/// Handles `request` events (every other event passes through unchanged).
/// On a hit: the request marked "cached": true, then `cached` {answer},
/// `sources` as stored, the answer as `token`s with their original
/// boundaries, `verify` as stored (when the run had one), and `done`
/// {answer, cached, duration_ms, sources}.
/// On a miss: the request, unchanged unless its history was filled.
class Lookup {
public:
    explicit Lookup(LookupOptions options);

    void on_request(const Event& ev, Writer& out);

    /// The answer for a request (after its history was filled), if cached,
    /// fresh and keyed exactly by this request. Never throws: failures switch
    /// the cache off (reported once) and count as misses.
    std::optional<Answer> find(const Request& r);

private:
    bool fill_history(Request& r);
    void serve(const Event& ev, Request& r, const Answer& a, double started, Writer& out);

    LookupOptions options_;
    Cache cache_;
    IndexWatch index_;
    bool index_warned_ = false;
};

/// Writes a request event for `r`, keeping the fields of the original
/// event's data that Request does not know, in their order, after its own.
void write_request_event(const Event& ev, const Request& r, Writer& out);

/// The key parts of a request, given the index's state.
struct RequestKey {
    std::string key;
    Answer identity;       ///< query, corpus_id, generation, model: what the key hashes
    std::string sampling;  ///< and this, when set (rag::sampling_key)
};
RequestKey request_key(const Request& r, const CorpusState& corpus);

}  // namespace rag::cache
