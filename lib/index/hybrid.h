// SPDX-License-Identifier: MIT
// Hybrid retrieval over one index: BM25 candidates, dense candidates for a
// query vector, and their fusion; each hit keeps every ranker's score and rank.
#pragma once

#include <string_view>
#include <vector>

#include "lib/index/reader.h"
#include "lib/vector/fusion.h"

namespace rag::index {

enum class RetrievalMode { kBm25, kDense, kHybrid };

struct HybridOptions {
    RetrievalMode mode = RetrievalMode::kHybrid;
    vector::FusionOptions fusion;
    size_t depth = 100;  ///< candidates per ranker (at least k)
};

struct RankedHit {
    SearchHit hit;           ///< hit.score is the fused score (the BM25 score in bm25 mode)
    vector::FusedHit marks;  ///< both rankers' scores and ranks (0: not among its candidates)
};

struct HybridResult {
    std::vector<RankedHit> hits;
    std::vector<std::pair<std::string, double>> terms;  ///< of the BM25 query, for snippets
    IndexInfo info;
};

/// The options.k best passages for `text` (BM25) and `query_vector` (unit
/// length; empty in bm25 mode). In dense mode the order is the dense one; in
/// hybrid mode it is the fusion of both candidate lists. Throws as
/// IndexReader::search.
HybridResult hybrid_search(IndexReader& reader, std::string_view text, const std::vector<float>& query_vector,
                           const SearchOptions& options, const HybridOptions& hybrid);

RetrievalMode parse_retrieval_mode(std::string_view name);  ///< "bm25", "dense" or "hybrid"
std::string_view mode_name(RetrievalMode mode);

}  // namespace rag::index
