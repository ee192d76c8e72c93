// SPDX-License-Identifier: MIT
// What `rag-index stats` and `rag-index ls` report, read from an existing index.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "lib/index/info.h"
#include "lib/index/vectors.h"

namespace rag::index {

struct IndexStats {
    IndexInfo info;
    uint64_t format = 0;
    uint64_t terms = 0;          ///< distinct indexed terms
    double avg_chunk_terms = 0;  ///< BM25's average passage length
    std::string language;
    bool stop_words = true;
    size_t size_bytes = 0;  ///< pages in use in the data file
    VectorStats vectors;    ///< settings.model empty: no vectors
};

/// The statistics of the index at `dir`. Throws as read_index_info.
IndexStats read_index_stats(const std::string& dir);

/// The recall@k of the index's HNSW graph against exact search, over
/// `queries` of its own vectors; nullopt when it has no graph. Throws as
/// read_index_info, std::runtime_error for a damaged graph.
std::optional<double> graph_recall(const std::string& dir, size_t k = 10, size_t queries = 200);

/// Calls `fn(id, chunks)` for each document of the index at `dir`, in id
/// order, until fn returns false. Throws as read_index_info.
void list_documents(const std::string& dir, const std::function<bool(std::string_view id, size_t chunks)>& fn);

}  // namespace rag::index
