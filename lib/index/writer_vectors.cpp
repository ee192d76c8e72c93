// SPDX-License-Identifier: MIT
// IndexWriter's vectors: which passages need the server, reuse by content
// hash, and keeping chunk_vectors in step with the chunks in the commit.
#include <unordered_set>

#include "lib/core/error.h"
#include "lib/index/writer.h"
#include "lib/vector/hnsw.h"

namespace rag::index {

namespace {

PassageText passage_text(std::string_view record) {
    ChunkRecord r = decode_chunk(record);
    std::string text = embedding_text(r.title, r.text);
    std::string hash = content_hash(text);
    return {std::move(hash), std::move(text)};
}

}  // namespace

void IndexWriter::set_vector_model(const std::string& model, bool quantize) {
    vectors_ = {model, vectors_.model == model ? vectors_.dim : 0, quantize, vectors_.hnsw_min};
}

void IndexWriter::hash_new_passages() {
    for (size_t i = new_hashes_.size(); i < records_.size(); ++i) new_hashes_.push_back(passage_text(records_[i]).hash);
}

std::vector<PassageText> IndexWriter::passages_to_embed() {
    analyse_queued();
    std::vector<PassageText> need;
    std::unordered_set<std::string> wanted;
    auto txn = env_.read();
    auto stored = options_.rebuild ? std::nullopt : txn.db(kVectorsDb);
    new_hashes_.clear();
    for (const std::string& record : records_) {
        PassageText p = passage_text(record);
        new_hashes_.push_back(p.hash);
        if (new_vectors_.count(p.hash) || (stored && txn.get(*stored, p.hash))) continue;
        if (wanted.insert(p.hash).second) need.push_back(std::move(p));
    }
    if (!options_.rebuild) find_unembedded(txn, need);
    txn.abort();
    if (options_.rebuild) reuse_previous_vectors(need);
    return need;
}

// Live passages of documents this commit keeps whose slot is empty: an
// earlier add ran while the server was down, or the index had no model then.
void IndexWriter::find_unembedded(store::Txn& txn, std::vector<PassageText>& need) {
    auto chunks = txn.db(kChunksDb);
    auto meta = txn.db(kMetaDb);
    if (!chunks || !meta) return;
    std::string_view table = chunk_hash_table(txn);
    uint64_t live = meta_number(txn, *meta, meta_key::kChunks).value_or(0), linked = 0;
    for (size_t i = 0; i + kHashBytes <= table.size(); i += kHashBytes) linked += !empty_slot(table.substr(i, kHashBytes));
    if (linked >= live) return;  // every live passage has its vector: nothing to scan
    auto stored = txn.db(kVectorsDb);
    std::unordered_set<std::string> gone(removals_.begin(), removals_.end());
    for (const Pending& p : docs_) gone.insert(p.id);
    std::unordered_set<std::string> wanted;
    for (const PassageText& p : need) wanted.insert(p.hash);
    txn.scan(*chunks, "", [&](std::string_view key, std::string_view record) {
        uint32_t c = 0;
        for (unsigned char b : key) c = c << 8 | b;
        if ((c + 1) * kHashBytes <= table.size() && !empty_slot(table.substr(c * kHashBytes, kHashBytes))) return true;
        if (gone.count(decode_chunk(record).doc)) return true;
        PassageText p = passage_text(record);
        relinked_.emplace_back(c, p.hash);
        if (!(stored && txn.get(*stored, p.hash)) && wanted.insert(p.hash).second) need.push_back(std::move(p));
        return true;
    });
}

// A build writes a new environment: vectors of unchanged text come from the
// index it replaces, when that index has vectors of the same model.
void IndexWriter::reuse_previous_vectors(std::vector<PassageText>& need) {
    if (options_.previous_index.empty() || need.empty()) return;
    try {
        auto env = store::Env::open(options_.previous_index, {.read_only = true});
        auto txn = env.read();
        auto meta = txn.db(kMetaDb);
        auto stored = txn.db(kVectorsDb);
        if (!meta || !stored) return;
        VectorSettings old = read_vector_settings(txn, *meta);
        if (old.model != vectors_.model) return;
        std::erase_if(need, [&](const PassageText& p) {
            auto v = txn.get(*stored, p.hash);
            if (!v || vector::encoded_dim(*v) != old.dim) return false;
            std::vector<float> values(old.dim);
            vector::decode_vector(*v, values.data());
            new_vectors_[p.hash] = vector::encode_vector(values, vectors_.quantized);
            vectors_.dim = old.dim;
            return true;
        });
    } catch (const std::exception&) {
        // No readable previous index: every passage goes to the server.
    }
}

void IndexWriter::add_vectors(const std::vector<PassageText>& passages, std::vector<std::vector<float>> vectors) {
    for (size_t i = 0; i < passages.size() && i < vectors.size(); ++i) {
        std::vector<float>& v = vectors[i];
        if (vectors_.dim == 0) vectors_.dim = v.size();
        if (v.size() != vectors_.dim)
            throw std::invalid_argument(fmt::format("the server's vectors have {} dimensions, the index's {}",
                                                    v.size(), vectors_.dim));
        vector::normalize(v);
        new_vectors_[passages[i].hash] = vector::encode_vector(v, vectors_.quantized);
    }
}

void IndexWriter::apply_vectors(store::Txn& txn, MDB_dbi meta, uint32_t base, size_t chunks,
                                const std::unordered_set<uint32_t>& removed) const {
    if (vectors_.model.empty()) return;
    MDB_dbi stored = *txn.db(kVectorsDb), table_db = *txn.db(kChunkVectorsDb);
    std::string table(options_.rebuild ? std::string_view{} : chunk_hash_table(txn));
    table.resize(chunks * kHashBytes, '\0');
    std::vector<std::string> dropped;
    for (uint32_t c : removed) {
        std::string_view slot(table.data() + c * kHashBytes, kHashBytes);
        if (!empty_slot(slot)) dropped.emplace_back(slot);
        std::fill_n(table.begin() + c * kHashBytes, kHashBytes, '\0');
    }
    for (const auto& [hash, encoded] : new_vectors_) txn.put(stored, hash, encoded);
    auto link = [&](uint32_t c, const std::string& hash) {
        if (txn.get(stored, hash)) table.replace(c * kHashBytes, kHashBytes, hash);
    };
    for (size_t i = 0; i < new_hashes_.size(); ++i) link(base + static_cast<uint32_t>(i), new_hashes_[i]);
    for (const auto& [c, hash] : relinked_)
        if (!removed.count(c) && c < base) link(c, hash);
    if (!dropped.empty()) {  // a vector goes with the last passage that had its text
        std::unordered_set<std::string> live;
        for (size_t i = 0; i < table.size(); i += kHashBytes) live.insert(table.substr(i, kHashBytes));
        for (const std::string& hash : dropped)
            if (!live.count(hash)) txn.del(stored, hash);
    }
    bool changed = chunk_hash_table(txn) != table;
    txn.put(table_db, "all", table);
    write_vector_settings(txn, meta, vectors_);
    if (changed || options_.rebuild) store_graph(txn, table);
}

// The graph is rebuilt whole when the vectors change: simple and exact to the
// table, at the cost of a slow add on a large index (an incremental graph
// with deletions is the way out when that matters).
void IndexWriter::store_graph(store::Txn& txn, const std::string& table) const {
    MDB_dbi db = *txn.db(kHnswDb);
    size_t live = 0;
    for (size_t i = 0; i < table.size(); i += kHashBytes) live += !empty_slot(table.substr(i, kHashBytes));
    if (live < vectors_.hnsw_min || vectors_.dim == 0) {
        txn.del(db, "graph");
        return;
    }
    if (graph_table_ != table) {
        vector::Matrix m = load_vectors(txn, vectors_.dim);
        graph_ = vector::HnswGraph::build(m, {.threads = options_.threads}).serialize();
        graph_table_ = table;
    }
    txn.put(db, "graph", graph_);
}

}  // namespace rag::index
