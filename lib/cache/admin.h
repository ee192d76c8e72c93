// SPDX-License-Identifier: MIT
// Management of a cache directory: stats, listing, purging, sessions,
// export and import. Output goes to a Writer as NDJSON lines.
#pragma once

#include <cstdint>
#include <string>

#include "lib/core/event.h"
#include "lib/store/env.h"

namespace rag::cache {

/// {"entries","sessions","turns","map_bytes","used_bytes","hits","misses","hit_ratio"}.
void write_stats(store::Env* env, const std::string& dir, Writer& out);

/// One line per answer: {"key","created","corpus_id","generation","model","query","answer","tokens"}.
void write_listing(store::Env& env, Writer& out);

struct PurgeFilter {
    bool sessions = false;      ///< session turns instead of answers
    std::string corpus_id;      ///< only answers of this corpus ("" any)
    int64_t older_than_ms = 0;  ///< only those older than this (0 any age)
};
/// Deletes the answers (or, with `sessions`, the turns, and the sessions
/// left empty) matching the filter, every one when it is empty; returns how many.
size_t purge(store::Env& env, const PurgeFilter& filter, int64_t now_ms);

/// The turns of a session, one JSON object a line, oldest first.
void write_history(store::Env& env, const std::string& session, Writer& out);

/// Every record as {"db","key","value"}: the input of import.
void write_export(store::Env& env, Writer& out);

struct ImportCounts {
    size_t imported = 0, skipped = 0;
};
/// Reads export lines from `fd` and stores them (bad lines are reported on
/// stderr with their line number and skipped).
ImportCounts import_records(store::Env& env, int fd);

}  // namespace rag::cache
