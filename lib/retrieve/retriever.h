// SPDX-License-Identifier: MIT
// rag-retrieve's engine: requests answered from a read-only index, BM25 fused with
// a dense ranking where the index has vectors; the query vectors of a TREC run.
#pragma once

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "lib/core/event.h"
#include "lib/core/request.h"
#include "lib/index/hybrid.h"
#include "lib/index/reader.h"

namespace rag::retrieve {

/// How requests are ranked (rag-retrieve's flags).
struct RetrieverOptions {
    std::string index;
    int top_k = kDefaultTopK;  ///< for a request that gives none
    index::Bm25Params bm25;
    bool exhaustive = false;
    size_t snippet_words = 30;
    std::string mode = "auto";  ///< bm25, dense, hybrid; auto: hybrid when the index has vectors
    std::string fusion = "rrf";
    index::HybridOptions hybrid;
    std::string embed, embed_url;  ///< the query embedder; empty: the index's model
};

/// Serves `request` events with meta, sources and context, from an index
/// opened on first use (and reopened after a failure, so that a long-lived
/// pipeline picks up an index built later). A run the index cannot serve gets
/// an `error` event; a dead embedding server degrades it to BM25 with a note.
class Retriever {
public:
    explicit Retriever(const RetrieverOptions& options);  ///< `options` must outlive it
    ~Retriever();
    void on_request(const Event& ev, Writer& out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// "cannot open index DIR: why (run 'rag-index build')" for a store error, else the error's text.
std::string open_failure(const std::string& dir, const std::exception& e);

/// The query vectors of a TREC run, embedded in batches; empty in bm25 mode,
/// or when the server fails (the run is then BM25 alone, said on stderr).
/// Sets `mode` to the ranking the run gets; throws Fatal for an index that cannot serve it.
std::vector<std::vector<float>> trec_query_vectors(const RetrieverOptions& opt, index::IndexReader& index,
                                                   const std::vector<std::string>& texts, index::RetrievalMode& mode);

}  // namespace rag::retrieve
