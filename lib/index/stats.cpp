// SPDX-License-Identifier: MIT
// Index statistics and the document list, for rag-index stats and ls.
#include "lib/index/stats.h"

#include "lib/index/layout.h"
#include "lib/vector/hnsw.h"

namespace rag::index {

namespace {

uint64_t entries(store::Txn& txn, const char* name) {
    auto db = txn.db(name);
    MDB_stat st{};
    if (!db || mdb_stat(txn.get(), *db, &st)) return 0;
    return st.ms_entries;
}

}  // namespace

IndexStats read_index_stats(const std::string& dir) {
    auto env = open_existing_index(dir);
    auto txn = env.read();
    MDB_dbi meta = checked_meta(txn, dir);
    IndexStats s;
    s.info = read_info(txn, meta);
    s.format = meta_number(txn, meta, meta_key::kFormat).value_or(0);
    s.terms = entries(txn, kTermsDb);
    uint64_t total = meta_number(txn, meta, meta_key::kTotalLen).value_or(0);
    s.avg_chunk_terms = s.info.chunks ? double(total) / double(s.info.chunks) : 0.0;
    s.language = meta_text(txn, meta, meta_key::kLanguage);
    s.stop_words = meta_number(txn, meta, meta_key::kStopWords).value_or(1) != 0;
    s.size_bytes = env.used_bytes();
    s.vectors = read_vector_stats(txn, meta);
    return s;
}

std::optional<double> graph_recall(const std::string& dir, size_t k, size_t queries) {
    auto env = open_existing_index(dir);
    auto txn = env.read();
    size_t dim = read_vector_settings(txn, checked_meta(txn, dir)).dim;
    std::string_view blob = stored_graph(txn);
    if (blob.empty()) return std::nullopt;
    vector::HnswGraph graph = vector::HnswGraph::load(blob, dim);
    return vector::recall_at_k(load_vectors(txn, dim), graph, k, queries);
}

void list_documents(const std::string& dir, const std::function<bool(std::string_view, size_t)>& fn) {
    auto env = open_existing_index(dir);
    auto txn = env.read();
    checked_meta(txn, dir);
    auto docs = txn.db(kDocsDb);
    if (!docs) return;
    txn.scan(*docs, "",
             [&](std::string_view id, std::string_view chunks) { return fn(id, decode_chunk_list(chunks).size()); });
}

}  // namespace rag::index
