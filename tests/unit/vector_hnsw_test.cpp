// SPDX-License-Identifier: MIT
// The HNSW graph finds the exact top 10 of 100,000 random vectors, before and after a round trip.
#include <catch2/catch.hpp>

#include <random>

#include "lib/vector/hnsw.h"

using namespace rag::vector;

namespace {
Matrix random_unit_vectors(size_t rows, size_t dim) {
    std::mt19937 rng(1);
    std::normal_distribution<float> n;
    Matrix m;
    m.dim = dim;
    std::vector<float> v(dim);
    for (size_t r = 0; r < rows; ++r) {
        for (float& x : v) x = n(rng);
        normalize(v);
        m.add(static_cast<uint32_t>(r * 3), v.data());  // ids are not row numbers
    }
    return m;
}
}  // namespace

TEST_CASE("HNSW recall@10 is at least 0.95 on 100,000 random vectors", "[hnsw]") {
    Matrix m = random_unit_vectors(100000, 8);
    HnswGraph g = HnswGraph::build(m, {.m = 8, .ef_construction = 32});
    CHECK(g.size() == 100000);
    double recall = recall_at_k(m, g, 10, 100);
    CHECK(recall >= 0.95);
    auto top = g.search(m.row(7), 10);
    REQUIRE(top.size() == 10);
    CHECK(top[0].id == 21);  // a stored vector finds itself first
    CHECK(top[0].score == Approx(1.0));
    HnswGraph back = HnswGraph::load(g.serialize(), 8);
    CHECK(back.size() == 100000);
    CHECK(recall_at_k(m, back, 10, 100) == Approx(recall));
}

TEST_CASE("HNSW on a tiny set returns what there is", "[hnsw]") {
    Matrix m = random_unit_vectors(3, 4);
    HnswGraph g = HnswGraph::build(m);
    CHECK(g.search(m.row(0), 10).size() == 3);
    CHECK(recall_at_k(m, g, 10, 5) == 1.0);
}
