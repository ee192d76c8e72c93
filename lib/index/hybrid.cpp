// SPDX-License-Identifier: MIT
// Hybrid search: two candidate lists, fused, then the passages fetched.
#include "lib/index/hybrid.h"

#include <algorithm>
#include <unordered_map>

namespace rag::index {

namespace {

std::vector<vector::Ranked> ranked(const std::vector<SearchHit>& hits) {
    std::vector<vector::Ranked> out;
    for (const SearchHit& h : hits) out.push_back({h.number, h.score});
    return out;
}

std::vector<vector::Ranked> ranked(const std::vector<vector::Scored>& hits) {
    std::vector<vector::Ranked> out;
    for (const vector::Scored& h : hits) out.push_back({h.id, h.score});
    return out;
}

// One ranker alone: its order, its score as the fused one, the other's marks beside.
std::vector<vector::FusedHit> single(const std::vector<vector::Ranked>& bm25, const std::vector<vector::Ranked>& dense,
                                     bool by_dense, size_t k) {
    std::vector<vector::FusedHit> all = vector::fuse(bm25, dense, {}, bm25.size() + dense.size());
    std::erase_if(all, [&](const vector::FusedHit& h) { return (by_dense ? h.dense_rank : h.bm25_rank) == 0; });
    auto rank = [&](const vector::FusedHit& h) { return by_dense ? h.dense_rank : h.bm25_rank; };
    std::sort(all.begin(), all.end(), [&](const auto& a, const auto& b) { return rank(a) < rank(b); });
    for (auto& h : all) h.fused = by_dense ? h.dense_score : h.bm25_score;
    if (all.size() > k) all.resize(k);
    return all;
}

}  // namespace

HybridResult hybrid_search(IndexReader& reader, std::string_view text, const std::vector<float>& query_vector,
                           const SearchOptions& options, const HybridOptions& hybrid) {
    size_t depth = std::max(hybrid.depth, options.k);
    SearchOptions bm25_options = options;
    if (hybrid.mode != RetrievalMode::kBm25) {
        bm25_options.k = depth;
        bm25_options.fetch_text = false;  // only the passages that make the cut are read whole
    }
    SearchResult bm25 = reader.search(text, bm25_options);
    std::vector<vector::Ranked> bm25_list = ranked(bm25.hits), dense_list;
    if (hybrid.mode != RetrievalMode::kBm25) dense_list = ranked(reader.dense_search(query_vector, depth));

    std::vector<vector::FusedHit> fused =
        hybrid.mode == RetrievalMode::kHybrid ? vector::fuse(bm25_list, dense_list, hybrid.fusion, options.k)
                                              : single(bm25_list, dense_list, hybrid.mode == RetrievalMode::kDense,
                                                       options.k);
    std::unordered_map<uint32_t, const SearchHit*> found;
    if (hybrid.mode == RetrievalMode::kBm25)
        for (const SearchHit& h : bm25.hits) found[h.number] = &h;
    std::vector<uint32_t> missing;
    for (const auto& f : fused)
        if (!found.count(f.id)) missing.push_back(f.id);
    std::vector<SearchHit> fetched = reader.fetch(missing, options.fetch_text);
    for (const SearchHit& h : fetched) found[h.number] = &h;

    HybridResult out{{}, std::move(bm25.terms), bm25.info};
    for (const auto& f : fused) {
        auto it = found.find(f.id);
        if (it == found.end()) continue;  // removed since the vectors were read
        out.hits.push_back({*it->second, f});
        out.hits.back().hit.score = f.fused;
    }
    return out;
}

RetrievalMode parse_retrieval_mode(std::string_view name) {
    if (name == "dense") return RetrievalMode::kDense;
    if (name == "hybrid") return RetrievalMode::kHybrid;
    return RetrievalMode::kBm25;
}

std::string_view mode_name(RetrievalMode mode) {
    switch (mode) {
        case RetrievalMode::kDense: return "dense";
        case RetrievalMode::kHybrid: return "hybrid";
        default: return "bm25";
    }
}

}  // namespace rag::index
