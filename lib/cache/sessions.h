// SPDX-License-Identifier: MIT
// Chat sessions: the turns of each session id, in order (database "sessions").
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/core/request.h"
#include "lib/store/env.h"

namespace rag::cache {

/// One stored turn. Its JSON form (the `history` output and the export
/// value) is {"session","seq","role","content","run","cached","ts"}.
struct StoredTurn {
    std::string session;
    uint64_t seq = 0;  ///< 0, 1, 2, ... within the session
    std::string role;  ///< "user" or "assistant"
    std::string content;
    std::string run;      ///< the run that produced it
    bool cached = false;  ///< the answer came from the cache
    int64_t ts_ms = 0;    ///< Unix time in milliseconds
};

std::string encode_turn(const StoredTurn& t);

/// A turn to append (session and seq are assigned by append_turns).
StoredTurn make_turn(std::string role, std::string content, std::string run = {}, bool cached = false,
                     int64_t ts_ms = 0);

constexpr size_t kDefaultMaxTurns = 200;

/// What a session may hold: without limits one grew to 408,860 turns (892 MB).
struct SessionLimits {
    size_t max_turns = 0;  ///< keep the newest this many turns (0: no cap)
    int64_t ttl_ms = 0;    ///< drop turns older than this (0: turns never expire)
};

/// Appends turns to `session` (their seq fields are assigned here), then
/// deletes the turns beyond `limits`, oldest first, as of `now_ms`.
void append_turns(store::Txn& txn, std::string_view session, std::vector<StoredTurn> turns,
                  const SessionLimits& limits = {}, int64_t now_ms = 0);

/// Calls fn(turn JSON) for each turn of `session`, oldest first.
void scan_turns(store::Txn& txn, std::string_view session, const std::function<void(std::string_view)>& fn);

/// The last `last_n` turns of `session` as request history, oldest first,
/// leaving out turns made before `since_ms` (Unix ms; 0 keeps them all).
std::vector<Turn> session_history(store::Txn& txn, std::string_view session, size_t last_n, int64_t since_ms = 0);

/// Deletes the turns made before `before_ms` (every turn when 0) of every
/// session, and the sessions left without turns. Returns the turns deleted.
size_t purge_turns(store::Txn& txn, int64_t before_ms);

/// Deletes a session; returns the number of turns it had.
size_t forget_session(store::Txn& txn, std::string_view session);

/// Calls fn(key, value) for every record of every session (for export).
void scan_sessions(store::Txn& txn, const std::function<bool(std::string_view, std::string_view)>& fn);

/// Number of sessions and of turns.
struct SessionCounts {
    size_t sessions = 0, turns = 0;
};
SessionCounts count_sessions(store::Txn& txn);

/// Writes a raw record (from an export) back under its key.
void put_session_record(store::Txn& txn, std::string_view key, std::string_view value);

}  // namespace rag::cache
