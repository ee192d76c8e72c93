// SPDX-License-Identifier: MIT
// The vector databases of an index: settings, counts, and loading for search.
#include "lib/index/vectors.h"

#include <xxhash.h>

#include <cstring>

#include "lib/index/layout.h"

namespace rag::index {

std::string embedding_text(std::string_view title, std::string_view text) {
    if (title.empty()) return std::string(text);
    std::string out;
    out.reserve(title.size() + 1 + text.size());
    out.append(title).append("\n").append(text);
    return out;
}

std::string content_hash(std::string_view embedding_text) {
    XXH128_hash_t h = XXH3_128bits(embedding_text.data(), embedding_text.size());
    std::string out(kHashBytes, '\0');
    std::memcpy(out.data(), &h.high64, 8);
    std::memcpy(out.data() + 8, &h.low64, 8);
    return out;
}

VectorSettings read_vector_settings(store::Txn& txn, MDB_dbi meta) {
    VectorSettings s;
    s.model = meta_text(txn, meta, meta_key::kEmbedModel);
    s.dim = meta_number(txn, meta, meta_key::kEmbedDim).value_or(0);
    s.quantized = meta_number(txn, meta, meta_key::kEmbedQuantized).value_or(0) != 0;
    s.hnsw_min = meta_number(txn, meta, meta_key::kHnswMin).value_or(kDefaultHnswMin);
    return s;
}

void write_vector_settings(store::Txn& txn, MDB_dbi meta, const VectorSettings& s) {
    txn.put(meta, meta_key::kEmbedModel, s.model);
    put_meta(txn, meta, meta_key::kEmbedDim, s.dim);
    put_meta(txn, meta, meta_key::kEmbedQuantized, s.quantized ? 1 : 0);
    put_meta(txn, meta, meta_key::kHnswMin, s.hnsw_min);
}

std::string_view chunk_hash_table(store::Txn& txn) {
    auto db = txn.db(kChunkVectorsDb);
    if (!db) return {};
    return txn.get(*db, "all").value_or(std::string_view{});
}

VectorStats read_vector_stats(store::Txn& txn, MDB_dbi meta) {
    VectorStats st;
    st.settings = read_vector_settings(txn, meta);
    if (st.settings.model.empty()) return st;
    std::string_view table = chunk_hash_table(txn);
    for (size_t i = 0; i + kHashBytes <= table.size(); i += kHashBytes)
        if (!empty_slot(table.substr(i, kHashBytes))) ++st.passages;
    if (auto db = txn.db(kVectorsDb))
        txn.scan(*db, "", [&](std::string_view, std::string_view v) {
            ++st.vectors;
            st.bytes += v.size();
            return true;
        });
    st.graph_bytes = stored_graph(txn).size();
    return st;
}

vector::Matrix load_vectors(store::Txn& txn, size_t dim) {
    vector::Matrix m;
    m.dim = dim;
    auto db = txn.db(kVectorsDb);
    std::string_view table = chunk_hash_table(txn);
    if (!db || dim == 0) return m;
    m.ids.reserve(table.size() / kHashBytes);
    m.values.reserve(table.size() / kHashBytes * dim);
    std::vector<float> row(dim);
    for (size_t i = 0; i + kHashBytes <= table.size(); i += kHashBytes) {
        std::string_view slot = table.substr(i, kHashBytes);
        if (empty_slot(slot)) continue;
        auto v = txn.get(*db, slot);
        if (!v || vector::encoded_dim(*v) != dim) continue;
        vector::decode_vector(*v, row.data());
        m.add(static_cast<uint32_t>(i / kHashBytes), row.data());
    }
    return m;
}

}  // namespace rag::index

namespace rag::index {

std::string_view stored_graph(store::Txn& txn) {
    auto db = txn.db(kHnswDb);
    if (!db) return {};
    return txn.get(*db, "graph").value_or(std::string_view{});
}

}  // namespace rag::index
