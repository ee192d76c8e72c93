// SPDX-License-Identifier: MIT
// Building an index and updating one in place: documents in, chunks, postings,
// lengths and statistics out, in one LMDB write transaction per commit.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "lib/index/analysis.h"
#include "lib/index/chunker.h"
#include "lib/index/document.h"
#include "lib/index/layout.h"
#include "lib/index/postings.h"
#include "lib/index/vectors.h"
#include "lib/store/env.h"
#include "lib/text/analyze.h"

namespace rag::index {

struct WriterOptions {
    bool rebuild = false;              ///< build: `dir` is a new environment (see StagedIndex)
    uint64_t previous_generation = 0;  ///< build: of the index replaced, so that generations keep rising
    std::string corpus;                ///< build: the corpus id ("" = "default"); add: must match if set
    AnalyzerOptions analyzer;          ///< build only; add and rm use the index's own
    ChunkOptions chunk;
    size_t expected_bytes = 0;  ///< input size, to size a new map
    unsigned threads = 0;       ///< analysing threads; 0: one per core
    std::string previous_index;  ///< build: the index replaced, whose vectors are reused by content hash
};

/// A passage whose vector the embedding server must compute.
struct PassageText {
    std::string hash;  ///< content_hash(text)
    std::string text;  ///< embedding_text(title, text)
};

struct CommitSummary {
    uint64_t generation = 0;
    uint64_t documents_added = 0, chunks_added = 0, documents_removed = 0;
    uint64_t documents = 0, chunks = 0;
};

/// Collects documents (add) and removals (remove), then commit() applies them
/// all at once: re-adding a document id replaces its old chunks; postings,
/// lengths and statistics are updated in place; the generation is bumped.
/// Throws store::StoreError, or rag::Fatal for an incompatible index.
class IndexWriter {
public:
    IndexWriter(const std::string& dir, WriterOptions options);

    /// Queues a document; queued documents are chunked and analysed in
    /// batches, on every core, and kept in memory until commit. Returns
    /// false for a duplicate id within this batch (the first wins).
    bool add(Document doc);
    /// Marks a document id, or every document under a directory prefix "dir/",
    /// for removal. Returns how many documents that names (0: unknown id).
    size_t remove(const std::string& id_or_prefix);

    /// Applies what was added and removed in one transaction and bumps the
    /// generation; with nothing to apply, writes nothing and bumps nothing.
    CommitSummary commit();

    uint64_t pending_documents() const { return docs_.size() + queued_.size(); }

    /// The vector settings in force: the index's own for add and rm (model
    /// empty for a BM25-only index), none for a build until set.
    const VectorSettings& vector_settings() const { return vectors_; }
    /// Gives the index vectors of `model` (build, or add to a BM25-only index).
    void set_vector_model(const std::string& model, bool quantize);
    /// Vectors from which commit builds an HNSW graph (else search is exact).
    void set_hnsw_min(size_t n) { vectors_.hnsw_min = n; }

    /// The passages the server must embed before commit: the new ones, and
    /// live ones an earlier run left without a vector, except those whose
    /// text has a vector stored already (in this index, or for a build in
    /// options.previous_index under the same model). Each text once.
    std::vector<PassageText> passages_to_embed();
    /// Hands over the server's vectors for `passages` (in order); they are
    /// normalised, encoded and stored by commit. Throws std::invalid_argument
    /// when their dimension is not the index's.
    void add_vectors(const std::vector<PassageText>& passages, std::vector<std::vector<float>> vectors);
    const std::string& corpus() const { return corpus_; }

private:
    struct Pending {
        std::string id;
        std::vector<uint32_t> chunks;  // relative numbers
    };
    void analyse_queued();
    void take(AnalysedDocument&& doc);
    void apply(store::Txn& txn, CommitSummary& summary) const;
    void apply_vectors(store::Txn& txn, MDB_dbi meta, uint32_t base, size_t chunks,
                       const std::unordered_set<uint32_t>& removed) const;
    void hash_new_passages();
    void store_graph(store::Txn& txn, const std::string& table) const;
    void reuse_previous_vectors(std::vector<PassageText>& wanted);
    void find_unembedded(store::Txn& txn, std::vector<PassageText>& need);
    CommitSummary unchanged();

    store::Env env_;
    WriterOptions options_;
    std::string corpus_;
    mutable std::vector<Analyzer> analyzers_;  // one per thread; stateful (the stemmer); [0] in apply()
    std::unordered_set<std::string> pending_ids_;
    std::vector<Document> queued_;  // added, not analysed yet
    size_t queued_bytes_ = 0;
    std::vector<Pending> docs_;
    std::vector<std::string> records_;  // encoded ChunkRecords, relative numbers
    std::vector<uint32_t> lengths_;
    std::unordered_map<std::string, std::vector<Posting>> postings_;  // relative numbers
    std::vector<std::string> removals_;
    VectorSettings vectors_;
    std::vector<std::string> new_hashes_;                       // of records_, when the index has vectors
    std::vector<std::pair<uint32_t, std::string>> relinked_;    // live chunks without a vector: number, hash
    std::unordered_map<std::string, std::string> new_vectors_;  // hash -> encoded vector
    mutable std::string graph_table_, graph_;  // the graph built for a table, kept should apply() run again
};

}  // namespace rag::index
