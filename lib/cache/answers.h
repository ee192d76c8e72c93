// SPDX-License-Identifier: MIT
// Cached answers: the record stored per key, and its reads and writes in a
// transaction of the cache environment (database "answers").
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/store/env.h"

namespace rag::cache {

/// One cached answer and what it was keyed by (kept to rule out hash
/// collisions and to list, purge and export entries).
struct Answer {
    std::string query;  ///< the contextualised query
    std::string corpus_id;
    uint64_t generation = 0;
    std::string model;
    int64_t created_ms = 0;  ///< Unix time in milliseconds
    std::string answer;
    std::vector<uint32_t> tokens;  ///< byte length of each token, in order; they sum to answer.size()
    std::string sources;           ///< the `sources` event's data as received (JSON), "" when none
    std::string verify;            ///< the `verify` event's data as received (JSON), "" when none
};

/// The JSON form of a record (the `value` of an export line).
std::string encode_answer(const Answer& a);
/// Parses the JSON form; nullopt when it is not a record (also when its
/// tokens do not add up to the answer).
std::optional<Answer> decode_answer(std::string_view json);

/// The stored form: a compact binary layout (no JSON parse on a hit).
std::string pack_answer(const Answer& a);
/// Reads the stored form; nullopt when it is damaged or of an unknown
/// version. Every length is checked against the bytes that hold it.
std::optional<Answer> unpack_answer(std::string_view bytes);

/// The answer under `key`, if any. Throws store::StoreError.
std::optional<Answer> get_answer(store::Txn& txn, std::string_view key);
void put_answer(store::Txn& txn, std::string_view key, const Answer& a);

/// Calls fn(key, stored record; see unpack_answer) for every entry, in key order, until fn returns false.
void scan_answers(store::Txn& txn, const std::function<bool(std::string_view, std::string_view)>& fn);

/// Deletes the entries for which `doomed(answer)` is true (all of them when
/// `doomed` is empty); returns how many. Unreadable records count as doomed.
size_t purge_answers(store::Txn& txn, const std::function<bool(const Answer&)>& doomed);

/// Number of entries.
size_t count_answers(store::Txn& txn);

}  // namespace rag::cache
