// SPDX-License-Identifier: MIT
// Dense vectors in an index's LMDB: one per passage, keyed by the hash of the
// text embedded, so unchanged text is never embedded twice.
//
//   vectors        content hash (16 bytes, XXH3-128) -> encoded vector (lib/vector/dense.h)
//   chunk_vectors  "all" -> 16 bytes per chunk number: the content hash of its
//                  vector, zeros when it has none (removed, or never embedded)
//   meta           embed_model ("ollama:MODEL"), embed_dim, embed_quantized (0/1)
// An index without embed_model has neither database: BM25 alone.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/store/env.h"
#include "lib/vector/dense.h"

namespace rag::index {

constexpr const char* kVectorsDb = "vectors";
constexpr const char* kChunkVectorsDb = "chunk_vectors";
constexpr const char* kHnswDb = "hnsw";  ///< "graph" -> the HNSW graph of the live vectors (hnsw.h), when there are enough
constexpr size_t kDefaultHnswMin = 20000;
constexpr size_t kHashBytes = 16;

namespace meta_key {
constexpr std::string_view kEmbedModel = "embed_model";
constexpr std::string_view kEmbedDim = "embed_dim";
constexpr std::string_view kEmbedQuantized = "embed_quantized";
constexpr std::string_view kHnswMin = "hnsw_min";  ///< vectors from which a graph is built
}  // namespace meta_key

/// True for a chunk_vectors slot of zeros: the chunk has no vector.
inline bool empty_slot(std::string_view slot) { return slot.find_first_not_of('\0') == std::string_view::npos; }

/// What a passage's vector is computed from: its title, a newline, its text.
std::string embedding_text(std::string_view title, std::string_view text);
/// The content hash of an embedding text (16 bytes).
std::string content_hash(std::string_view embedding_text);

/// The vector settings an index records.
struct VectorSettings {
    std::string model;  ///< "ollama:nomic-embed-text"; empty: no vectors
    size_t dim = 0;
    bool quantized = false;
    size_t hnsw_min = kDefaultHnswMin;
};

struct VectorStats {
    VectorSettings settings;
    uint64_t passages = 0;  ///< live passages that have a vector
    uint64_t vectors = 0;   ///< distinct vectors stored
    uint64_t bytes = 0;     ///< their encoded size
    uint64_t graph_bytes = 0;  ///< of the HNSW graph; 0: none (exact search)
};

/// The index's settings; model empty when it has no vectors.
VectorSettings read_vector_settings(store::Txn& txn, MDB_dbi meta);
void write_vector_settings(store::Txn& txn, MDB_dbi meta, const VectorSettings& s);

/// Counts for `rag-index stats`.
VectorStats read_vector_stats(store::Txn& txn, MDB_dbi meta);

/// The 16-byte slots of chunk_vectors (empty when absent).
std::string_view chunk_hash_table(store::Txn& txn);

/// Every live passage's vector as a matrix of `dim` columns, rows keyed by
/// chunk number in number order. Skips vectors of another dimension.
vector::Matrix load_vectors(store::Txn& txn, size_t dim);

/// The stored HNSW graph's bytes; empty when there is none.
std::string_view stored_graph(store::Txn& txn);

}  // namespace rag::index
