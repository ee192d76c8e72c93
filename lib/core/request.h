// SPDX-License-Identifier: MIT
// The chat request carried by a `request` event, and the rules every stage
// shares about it: defaults, run ids, the contextualised query (the model: lib/core/model.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/core/event.h"

namespace rag {

struct Turn {
    std::string role;  ///< "user" or "assistant"
    std::string content;
};

/// What a client asked of the model besides the question: sampling, and a
/// system message. Unset fields leave the backend's own settings
/// (rag-generate's flags) in force.
struct Sampling {
    double temperature = -1;  ///< < 0: unset
    double top_p = -1;        ///< < 0: unset
    int max_tokens = 0;       ///< 0: unset
    std::vector<std::string> stop;
    std::string system;  ///< the client's instructions, added after the operator's system prompt
    bool empty() const {
        return temperature < 0 && top_p < 0 && max_tokens == 0 && stop.empty() && system.empty();
    }
};

/// A request's data with the seed design's defaults applied.
struct Request {
    std::string query;
    std::vector<Turn> history;
    std::string corpus_id;   ///< empty: the index's own corpus
    std::string session_id;  ///< empty: no session
    bool use_cache = true;
    int top_k = 5;
    std::string model;    ///< as requested ("backend:name"), possibly empty
    Sampling sampling;    ///< part of the cache key: an answer is not served for other sampling
    bool cached = false;  ///< set by `rag-cache get` on a hit
};

constexpr int kDefaultTopK = 5;
constexpr int kMaxTopK = 1000;
constexpr int kHistoryTurnsInKey = 5;

/// Reads a request from an event's data. Missing fields take defaults;
/// a top_k outside 1..kMaxTopK is clamped.
Request parse_request(const Event& ev);

/// Writes a request's fields into an open data object.
void write_request(JsonWriter& w, const Request& r);

/// True for a field that parse_request reads and write_request writes; a
/// stage that rewrites a request copies the others through unchanged.
bool is_request_field(std::string_view key);

/// The sampling as canonical text ("temperature=0.5 stop=[...]"), empty when
/// nothing is set: what the cache key hashes besides the model.
std::string sampling_key(const Sampling& s);

/// A fresh run id: "r" and 12 hex digits from the system's random source.
std::string new_run_id();

/// The seed design's history-contextualised query: the last `turns` turns as
/// "Role: content" lines, a blank line, then "User: query". Keys the cache.
std::string contextualized_query(const Request& r, int turns = kHistoryTurnsInKey);

}  // namespace rag
