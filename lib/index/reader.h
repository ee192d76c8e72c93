// SPDX-License-Identifier: MIT
// Searching an index: opened read-only and memory-mapped, nothing loaded up
// front; each search reads one consistent snapshot.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lib/index/bm25.h"
#include "lib/index/info.h"
#include "lib/index/layout.h"
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
};

}  // namespace rag::index
