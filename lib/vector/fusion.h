// SPDX-License-Identifier: MIT
// Fusing a keyword ranking with a dense one: reciprocal rank fusion, or a
// linear blend of min-max normalised scores. Every hit keeps both rankers' marks.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rag::vector {

/// One ranker's candidate, in a list ordered best first.
struct Ranked {
    uint32_t id = 0;
    double score = 0;
};

enum class Fusion { kRrf, kLinear };

struct FusionOptions {
    Fusion method = Fusion::kRrf;
    double rrf_k = 60;          ///< RRF: score = sum of weight / (rrf_k + rank)
    double bm25_weight = 1;     ///< RRF weights per ranker
    double dense_weight = 1;
    double alpha = 0.5;         ///< linear: alpha * dense + (1 - alpha) * bm25, each scaled to [0, 1]
};

/// A fused hit; rank 0 means the ranker did not return it (its score is then 0).
struct FusedHit {
    uint32_t id = 0;
    double fused = 0;
    double bm25_score = 0, dense_score = 0;
    size_t bm25_rank = 0, dense_rank = 0;
};

/// The k best of the union of `bm25` and `dense` (each best first, ranks from
/// 1), best first. Equal fused scores rank the hit with the better single rank
/// first, then the lower id, so the order is total and reproducible.
std::vector<FusedHit> fuse(const std::vector<Ranked>& bm25, const std::vector<Ranked>& dense,
                           const FusionOptions& options, size_t k);

}  // namespace rag::vector
