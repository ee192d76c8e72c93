// SPDX-License-Identifier: MIT
// Encodings of the index's keys and records.
#include "lib/index/layout.h"

#include <charconv>
#include <stdexcept>

#include "lib/index/varint.h"

namespace rag::index {

std::string encode_chunk(const ChunkRecord& c) {
    std::string out;
    out.reserve(c.id.size() + c.doc.size() + c.title.size() + c.text.size() + 12);
    put_string(out, c.id);
    put_string(out, c.doc);
    put_string(out, c.title);
    put_string(out, c.text);
    return out;
}

ChunkRecord decode_chunk(std::string_view bytes) {
    std::string_view id, doc, title, text;
    if (!read_string(bytes, id) || !read_string(bytes, doc) || !read_string(bytes, title) || !read_string(bytes, text))
        throw std::runtime_error("damaged chunk record");
    return {std::string(id), std::string(doc), std::string(title), std::string(text)};
}

std::string chunk_key(uint32_t n) {
    std::string k(4, '\0');
    for (int i = 3; i >= 0; --i, n >>= 8) k[i] = static_cast<char>(n & 0xff);
    return k;
}

std::string encode_chunk_list(const std::vector<uint32_t>& chunks) {
    std::string out;
    for (uint32_t c : chunks) put_varint(out, c);
    return out;
}

std::vector<uint32_t> decode_chunk_list(std::string_view bytes) {
    std::vector<uint32_t> out;
    uint64_t v;
    while (!bytes.empty() && read_varint(bytes, v)) out.push_back(static_cast<uint32_t>(v));
    return out;
}

std::optional<uint64_t> meta_number(store::Txn& txn, MDB_dbi meta, std::string_view key) {
    auto v = txn.get(meta, key);
    if (!v) return std::nullopt;
    uint64_t n = 0;
    auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || end != v->data() + v->size()) return std::nullopt;
    return n;
}

std::string meta_text(store::Txn& txn, MDB_dbi meta, std::string_view key) {
    auto v = txn.get(meta, key);
    return v ? std::string(*v) : std::string();
}

void put_meta(store::Txn& txn, MDB_dbi meta, std::string_view key, uint64_t value) {
    txn.put(meta, key, std::to_string(value));
}

}  // namespace rag::index
