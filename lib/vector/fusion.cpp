// SPDX-License-Identifier: MIT
// Rank fusion arithmetic.
#include "lib/vector/fusion.h"

#include <algorithm>
#include <unordered_map>

namespace rag::vector {

namespace {

// Min-max scaling of a list's scores to [0, 1]; a list of equal scores scales to 1.
class MinMax {
public:
    explicit MinMax(const std::vector<Ranked>& list) {
        for (const Ranked& r : list) hi_ = std::max(hi_, r.score), lo_ = std::min(lo_, r.score);
    }
    double operator()(double score) const { return hi_ > lo_ ? (score - lo_) / (hi_ - lo_) : 1.0; }

private:
    double hi_ = -1e300, lo_ = 1e300;
};

size_t best_rank(const FusedHit& h) {
    size_t a = h.bm25_rank ? h.bm25_rank : SIZE_MAX, b = h.dense_rank ? h.dense_rank : SIZE_MAX;
    return std::min(a, b);
}

}  // namespace

std::vector<FusedHit> fuse(const std::vector<Ranked>& bm25, const std::vector<Ranked>& dense,
                           const FusionOptions& o, size_t k) {
    std::vector<FusedHit> hits;
    std::unordered_map<uint32_t, size_t> at;
    MinMax bm25_scale(bm25), dense_scale(dense);
    auto hit = [&](uint32_t id) -> FusedHit& {
        auto [it, fresh] = at.try_emplace(id, hits.size());
        if (fresh) hits.push_back({.id = id});
        return hits[it->second];
    };
    for (size_t i = 0; i < bm25.size(); ++i) {
        FusedHit& h = hit(bm25[i].id);
        h.bm25_rank = i + 1, h.bm25_score = bm25[i].score;
        h.fused += o.method == Fusion::kRrf ? o.bm25_weight / (o.rrf_k + double(i + 1))
                                            : (1 - o.alpha) * bm25_scale(bm25[i].score);
    }
    for (size_t i = 0; i < dense.size(); ++i) {
        FusedHit& h = hit(dense[i].id);
        h.dense_rank = i + 1, h.dense_score = dense[i].score;
        h.fused += o.method == Fusion::kRrf ? o.dense_weight / (o.rrf_k + double(i + 1))
                                            : o.alpha * dense_scale(dense[i].score);
    }
    std::sort(hits.begin(), hits.end(), [](const FusedHit& a, const FusedHit& b) {
        if (a.fused != b.fused) return a.fused > b.fused;
        if (best_rank(a) != best_rank(b)) return best_rank(a) < best_rank(b);
        return a.id < b.id;
    });
    if (hits.size() > k) hits.resize(k);
    return hits;
}

}  // namespace rag::vector
