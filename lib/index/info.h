// SPDX-License-Identifier: MIT
// What other tools need to know about an index without searching it.
#pragma once

#include <cstdint>
#include <string>

namespace rag {

struct IndexInfo {
    std::string corpus_id;
    uint64_t generation = 0;   ///< bumped by every build, add and rm
    uint64_t documents = 0;
    uint64_t chunks = 0;
};

/// Reads the meta database of the index at `dir` (read-only, cheap).
/// Throws rag::store::StoreError when it cannot be opened, rag::Fatal
/// (kExitNoInput) when it is not an index or was written by an
/// incompatible version of rag-index.
IndexInfo read_index_info(const std::string& dir);

}  // namespace rag
