// SPDX-License-Identifier: MIT
// libFuzzer target: the decoders of what rag-index stores in LMDB. Arbitrary bytes as a posting
// list, a chunk record, a document's chunk list and the length table: a damaged value throws
// std::runtime_error or decodes, and never reads past its end; what decodes re-encodes to the
// same. Posting lists built from the bytes: decode of encode is the identity, advance() lands
// where a search of the list says, and MaxScore ranks as exhaustive evaluation does.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "lib/index/layout.h"
#include "lib/index/postings.h"
#include "lib/index/search.h"

namespace {

using namespace rag::index;

// Consumes the input a byte at a time (0 when it is used up).
struct Bytes {
    std::string_view s;
    uint8_t next() {
        if (s.empty()) return 0;
        auto b = static_cast<uint8_t>(s.front());
        s.remove_prefix(1);
        return b;
    }
};

// Exactly `s` in its own allocation, so that AddressSanitizer sees a read past its end.
std::unique_ptr<char[]> copy_of(std::string_view s) {
    auto p = std::make_unique<char[]>(s.size());
    std::copy(s.begin(), s.end(), p.get());
    return p;
}

void check_stored_postings(std::string_view s) {
    auto blob = copy_of(s);
    std::vector<Posting> list;
    try {
        list = decode_postings({blob.get(), s.size()});
    } catch (const std::runtime_error&) {
        return;  // damage seen
    }
    for (size_t i = 1; i < list.size(); ++i)
        if (list[i].chunk <= list[i - 1].chunk) std::abort();
    auto again = decode_postings(encode_postings(list, [](uint32_t) { return 1u; }));
    if (again.size() != list.size()) std::abort();
    for (size_t i = 0; i < list.size(); ++i)
        if (again[i].chunk != list[i].chunk || again[i].tf != list[i].tf) std::abort();
}

void check_records(std::string_view s) {
    auto bytes = copy_of(s);
    std::string_view view(bytes.get(), s.size());
    try {
        ChunkRecord c = decode_chunk(view);
        ChunkRecord again = decode_chunk(encode_chunk(c));
        if (again.id != c.id || again.doc != c.doc || again.title != c.title || again.text != c.text) std::abort();
    } catch (const std::runtime_error&) {
    }
    std::vector<uint32_t> chunks = decode_chunk_list(view);
    if (decode_chunk_list(encode_chunk_list(chunks)) != chunks) std::abort();
    LengthTable lengths(view);
    for (uint32_t i = 0; i <= lengths.size(); ++i) (void)lengths[i];
    if (lengths[lengths.size()] != 0 || lengths[0xffffffffu] != 0) std::abort();
}

// A sorted list of distinct chunks below 4096 (deltas 1..64, big jumps now and then) with tfs.
std::vector<Posting> list_from(Bytes& in, size_t n) {
    std::vector<Posting> list;
    uint32_t chunk = in.next() % 4;
    for (size_t i = 0; i < n; ++i) {
        list.push_back({chunk, in.next() % 8u + 1});
        uint8_t step = in.next();
        chunk += step == 255 ? 1000 : step % 64 + 1;
    }
    return list;
}

std::string lengths_from(Bytes& in, uint32_t chunks) {
    std::string out;
    for (uint32_t c = 0; c < chunks; ++c) {
        uint32_t len = in.next() % 200 + 1;
        for (int k = 0; k < 4; ++k) out.push_back(static_cast<char>(len >> (8 * k) & 0xff));
    }
    return out;
}

void check_built_postings(Bytes in) {
    size_t n = size_t{in.next()} * 3 + in.next() % 3;  // up to 767: several blocks
    std::vector<Posting> list = list_from(in, n);
    std::string blob = encode_postings(list, [](uint32_t c) { return c % 7 + 1; });
    std::vector<Posting> back = decode_postings(blob);
    if (back.size() != list.size()) std::abort();
    for (size_t i = 0; i < list.size(); ++i)
        if (back[i].chunk != list[i].chunk || back[i].tf != list[i].tf) std::abort();
    PostingCursor c(blob);
    if (c.df() != list.size()) std::abort();
    uint32_t target = 0;
    while (c.doc() != kEndOfList) {
        target += in.next() % 200;
        c.advance(target);
        auto it = std::lower_bound(list.begin(), list.end(), target,
                                   [](const Posting& p, uint32_t t) { return p.chunk < t; });
        if (c.doc() != (it == list.end() ? kEndOfList : it->chunk)) std::abort();
        if (it != list.end() && c.tf() != it->tf) std::abort();
        if (in.s.empty()) break;
    }
}

void check_rankings(Bytes in) {
    size_t k = in.next() % 12;
    size_t n_terms = in.next() % 4 + 1;
    std::vector<std::string> blobs;
    std::vector<double> weights;
    uint32_t chunks = 1;
    for (size_t t = 0; t < n_terms; ++t) {
        std::vector<Posting> list = list_from(in, in.next() % 160);
        if (!list.empty()) chunks = std::max(chunks, list.back().chunk + 1);
        weights.push_back(0.25 + in.next() % 16 * 0.25);
        blobs.push_back(encode_postings(list, [](uint32_t) { return 0u; }));  // min_len set below
    }
    std::string lengths_bytes = lengths_from(in, chunks);
    LengthTable lengths(lengths_bytes);
    uint64_t total = 0;
    for (uint32_t c = 0; c < chunks; ++c) total += lengths[c];
    Bm25 bm25({}, chunks, total);
    std::vector<QueryTerm> terms;
    for (size_t t = 0; t < n_terms; ++t) {
        auto list = decode_postings(blobs[t]);  // re-encoded with the true shortest lengths
        blobs[t] = encode_postings(list, [&](uint32_t c) { return lengths[c]; });
    }
    for (size_t t = 0; t < n_terms; ++t) terms.push_back({PostingCursor(blobs[t]), weights[t]});
    std::vector<Hit> fast = search_maxscore(terms, bm25, lengths, k);
    std::vector<Hit> slow = search_exhaustive(terms, bm25, lengths, k);
    if (fast.size() != slow.size()) std::abort();
    for (size_t i = 0; i < fast.size(); ++i)
        if (fast[i].chunk != slow[i].chunk || fast[i].score != slow[i].score) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
    switch (data[0] % 4) {
    case 0: check_stored_postings(rest); break;
    case 1: check_records(rest); break;
    case 2: check_built_postings({rest}); break;
    default: check_rankings({rest}); break;
    }
    return 0;
}
