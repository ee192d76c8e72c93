// SPDX-License-Identifier: MIT
// A session's turns for a long-lived reader (rag-sse's GET /api/sessions/ID), from the cache read-only.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "lib/store/env.h"

namespace rag::cache {

/// Reads sessions from the cache in `dir` without ever writing to it. The
/// environment is opened on the first read that finds it (a cache that does
/// not exist yet holds no turns, and is looked for again on the next read).
class SessionReader {
public:
    explicit SessionReader(std::string dir) : dir_(std::move(dir)) {}

    /// The turns of `session`, oldest first, as a JSON array of stored turns
    /// ({"session","seq","role","content","run","cached","ts"}); "[]" when it
    /// has none. Throws store::StoreError when the cache cannot be read.
    std::string turns_json(std::string_view session);

private:
    std::string dir_;
    std::optional<store::Env> env_;
};

}  // namespace rag::cache
