// SPDX-License-Identifier: MIT
// What other tools need to know about an index without searching it, and
// the one way to open an existing index for reading.
#pragma once

#include <cstdint>
#include <string>

#include "lib/store/env.h"

namespace rag {

struct IndexInfo {
    std::string corpus_id;
    uint64_t generation = 0;  ///< bumped by every build, add and rm
    uint64_t documents = 0;
    uint64_t chunks = 0;
};

/// Reads the meta database of the index at `dir` (read-only, cheap).
/// Throws rag::Fatal (kExitNoInput) when there is no index at `dir`, it is
/// not an index, or it was written by an incompatible version of rag-index;
/// store::StoreError when LMDB fails otherwise.
IndexInfo read_index_info(const std::string& dir);

namespace index {

/// Opens the existing index at `dir` read-only, with the errors of read_index_info.
store::Env open_existing_index(const std::string& dir);

/// The meta database of an index opened by open_existing_index. Throws
/// rag::Fatal (kExitNoInput) when it is missing or of another format.
MDB_dbi checked_meta(store::Txn& txn, const std::string& dir);

/// The IndexInfo of one snapshot.
IndexInfo read_info(store::Txn& txn, MDB_dbi meta);

}  // namespace index
}  // namespace rag
