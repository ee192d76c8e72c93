// SPDX-License-Identifier: MIT
// Rank fusion against rankings worked out by hand.
#include <catch2/catch.hpp>

#include "lib/vector/fusion.h"

using namespace rag::vector;

namespace {
// Ids: A=1, B=2, C=3, D=4.
const std::vector<Ranked> kBm25{{1, 10}, {2, 8}, {3, 5}};
const std::vector<Ranked> kDense{{3, 0.9}, {4, 0.8}, {1, 0.7}};

std::vector<uint32_t> order(const std::vector<FusedHit>& hits) {
    std::vector<uint32_t> out;
    for (const auto& h : hits) out.push_back(h.id);
    return out;
}
}  // namespace

TEST_CASE("RRF adds 1/(k+rank) per ranker; ties go to the better single rank, then the lower id", "[fusion]") {
    auto hits = fuse(kBm25, kDense, {}, 10);
    CHECK(order(hits) == std::vector<uint32_t>{1, 3, 2, 4});
    CHECK(hits[0].fused == Approx(1.0 / 61 + 1.0 / 63));
    CHECK(hits[0].bm25_rank == 1);
    CHECK(hits[0].dense_rank == 3);
    CHECK(hits[0].dense_score == Approx(0.7));
    CHECK(hits[2].dense_rank == 0);  // B: BM25 only
    CHECK(hits[3].fused == Approx(1.0 / 62));
}

TEST_CASE("RRF weights per ranker tilt the ranking", "[fusion]") {
    FusionOptions o;
    o.dense_weight = 2;
    auto hits = fuse(kBm25, kDense, o, 10);
    CHECK(order(hits) == std::vector<uint32_t>{3, 1, 4, 2});
    CHECK(hits[0].fused == Approx(1.0 / 63 + 2.0 / 61));
}

TEST_CASE("RRF's k flattens the rank differences", "[fusion]") {
    FusionOptions o;
    o.rrf_k = 0;  // 1/rank: rank 1 weighs twice rank 2
    auto hits = fuse(kBm25, kDense, o, 2);
    CHECK(hits.size() == 2);
    CHECK(hits[0].fused == Approx(1.0 + 1.0 / 3));
}

TEST_CASE("linear fusion blends min-max scaled scores by alpha", "[fusion]") {
    FusionOptions o;
    o.method = Fusion::kLinear;
    auto even = fuse(kBm25, kDense, o, 10);
    CHECK(order(even) == std::vector<uint32_t>{1, 3, 2, 4});
    CHECK(even[2].fused == Approx(0.5 * 0.6));  // B: (8-5)/(10-5), BM25 half
    o.alpha = 0.8;
    auto dense = fuse(kBm25, kDense, o, 10);
    CHECK(order(dense) == std::vector<uint32_t>{3, 4, 1, 2});
    CHECK(dense[1].fused == Approx(0.8 * 0.5));
}

TEST_CASE("an empty ranker leaves the other's order", "[fusion]") {
    CHECK(order(fuse(kBm25, {}, {}, 10)) == std::vector<uint32_t>{1, 2, 3});
    FusionOptions o;
    o.method = Fusion::kLinear;
    CHECK(order(fuse({}, kDense, o, 10)) == std::vector<uint32_t>{3, 4, 1});
}
