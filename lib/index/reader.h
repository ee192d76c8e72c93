// SPDX-License-Identifier: MIT
// Searching an index: opened read-only and memory-mapped, nothing loaded up
// front; each search reads one consistent snapshot.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lib/index/bm25.h"
#include "lib/index/info.h"
#include "lib/index/layout.h"
#include "lib/index/vectors.h"
#include "lib/vector/hnsw.h"
#include "lib/store/env.h"
#include "lib/text/analyze.h"

namespace rag::index {

struct SearchOptions {
    size_t k = 5;
    Bm25Params bm25;
    bool exhaustive = false;  ///< score every posting (for tests; same ranking)
    bool fetch_text = true;   ///< false: hits carry only chunk id and document id
};

struct SearchHit {
    uint32_t number = 0;  ///< internal chunk number
    double score = 0;
    ChunkRecord chunk;
};

struct SearchResult {
    std::vector<SearchHit> hits;
    /// The query's distinct terms with their weights (idf times count), for snippets.
    std::vector<std::pair<std::string, double>> terms;
    IndexInfo info;  ///< of the snapshot searched
};

/// An index open for searching. `rag-index build` swaps a new index in
/// beside this one (StagedIndex); search() and info() notice the new data
/// file (one stat) and move to it, so a long-lived reader serves the
/// index the user has now.
class IndexReader {
public:
    /// Opens `dir` read-only. Throws rag::Fatal (kExitNoInput) when there
    /// is no compatible index there, store::StoreError when LMDB fails.
    static IndexReader open(const std::string& dir);

    /// BM25 top-k for `query`. No indexable term: no hits, no terms.
    /// Throws store::StoreError on a failing read.
    SearchResult search(std::string_view query, const SearchOptions& options);

    /// The index's vector settings (model empty: BM25 only; dim 0: no vector yet).
    VectorSettings vector_settings();

    /// The k passages whose vectors lie nearest `query` (unit length, the
    /// index's dimension), best first, by dot product: exact, or through the
    /// index's HNSW graph when it has one (exploring max(k, ef) candidates).
    /// The vectors or the graph are read once per generation and kept.
    /// Throws store::StoreError, std::runtime_error for a damaged graph.
    std::vector<vector::Scored> dense_search(const std::vector<float>& query, size_t k, size_t ef = 100);

    /// The records of chunk numbers (absent ones are skipped).
    std::vector<SearchHit> fetch(const std::vector<uint32_t>& numbers, bool text = true);

    IndexInfo info();
    Analyzer& analyzer() { return analyzer_; }
    const std::string& path() const { return dir_; }

private:
    IndexReader(std::string dir, store::Env env, Analyzer analyzer);
    /// Reopens the index when its data file was replaced; keeps the open one
    /// when the new one cannot be opened (a later call tries again).
    void follow_rebuild();

    std::string dir_;
    store::Env env_;
    Analyzer analyzer_;
    dev_t dev_ = 0;
    ino_t ino_ = 0;
    std::optional<vector::Matrix> vectors_;  // loaded on the first dense search, or
    std::optional<vector::HnswGraph> graph_;  // the graph instead, when the index has one
    uint64_t vectors_generation_ = 0;
};

}  // namespace rag::index
