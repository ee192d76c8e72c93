// SPDX-License-Identifier: MIT
// Cache keys: fixed-size hashes, so no key reaches LMDB's 511-byte limit.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rag::cache {

constexpr size_t kKeyBytes = 16;  ///< XXH3-128: collisions are checked anyway

/// What an answer depends on: the history-contextualised query
/// (rag::contextualized_query), the corpus, its generation, the model and its sampling.
struct KeyParts {
    std::string_view query;
    std::string_view corpus_id;
    uint64_t generation = 0;
    std::string_view model;
    std::string_view sampling;  ///< rag::sampling_key; empty keeps the keys from before it existed
};

/// The 16-byte key of an answer: XXH3-128 over the length-prefixed parts,
/// so no two different part lists share an input.
std::string answer_key(const KeyParts& parts);

/// The 16-byte key prefix of a session's records.
std::string session_key(std::string_view session_id);

/// Lowercase hex of `bytes`, and back (nullopt on odd length or a non-hex digit).
std::string to_hex(std::string_view bytes);
std::optional<std::string> from_hex(std::string_view hex);

}  // namespace rag::cache
