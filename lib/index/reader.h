// SPDX-License-Identifier: MIT
// Searching an index: opened read-only and memory-mapped, nothing loaded up
// front; each search reads one consistent snapshot.
#pragma once

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
    bool exhaustive = false;   ///< score every posting (for tests; same ranking)
    bool fetch_text = true;    ///< false: hits carry only chunk id and document id
};

struct SearchHit {
    uint32_t number = 0;   ///< internal chunk number
    double score = 0;
    ChunkRecord chunk;
};

struct SearchResult {
    std::vector<SearchHit> hits;
    /// The query's distinct terms with their weights (idf times count), for snippets.
    std::vector<std::pair<std::string, double>> terms;
    IndexInfo info;            ///< of the snapshot searched
};

class IndexReader {
public:
    /// Opens `dir` read-only. Throws store::StoreError when it cannot be
    /// opened, rag::Fatal (kExitNoInput) when it is not a compatible index.
    static IndexReader open(const std::string& dir);

    /// BM25 top-k for `query`. No indexable term: no hits, no terms.
    /// Throws store::StoreError on a failing read.
    SearchResult search(std::string_view query, const SearchOptions& options);

    IndexInfo info();
    Analyzer& analyzer() { return analyzer_; }
    const std::string& path() const { return env_.path(); }

private:
    IndexReader(store::Env env, Analyzer analyzer) : env_(std::move(env)), analyzer_(std::move(analyzer)) {}
    store::Env env_;
    Analyzer analyzer_;
};

}  // namespace rag::index
