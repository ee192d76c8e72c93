// SPDX-License-Identifier: MIT
// The corpus an answer was made from: the index's corpus id and generation,
// read afresh for every request so that a re-indexed corpus is never served
// an answer cached before the change.
#pragma once

#include <sys/types.h>
#include <cstdint>
#include <optional>
#include <string>

#include "lib/store/env.h"

namespace rag::cache {

struct CorpusState {
    bool indexed = false;     ///< an index exists at the path
    std::string corpus_id;    ///< the index's corpus id ("" when no index)
    uint64_t generation = 0;  ///< bumped by every change of the index; 0 when no index
};

/// Watches an index directory (an LMDB environment whose database "meta"
/// holds "corpus" and "generation"). Reopens the environment when its
/// data.mdb is replaced (a rebuild moved into place).
class IndexWatch {
public:
    explicit IndexWatch(std::string dir) : dir_(std::move(dir)) {}

    /// The index's state now. No index at the path: {false, "", 0}.
    /// Throws store::StoreError when an index exists but cannot be read.
    CorpusState current();

    const std::string& dir() const { return dir_; }

private:
    std::string dir_;
    std::optional<store::Env> env_;
    dev_t dev_ = 0;
    ino_t ino_ = 0;
};

/// The corpus id a request is answered from: its own when given, else the index's.
inline std::string effective_corpus(std::string_view requested, const CorpusState& s) {
    return requested.empty() ? s.corpus_id : std::string(requested);
}

}  // namespace rag::cache
