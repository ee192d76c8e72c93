// SPDX-License-Identifier: MIT
// Vector encodings and exact search.
#include <catch2/catch.hpp>

#include <random>

#include "lib/vector/dense.h"

using namespace rag::vector;

TEST_CASE("a float32 vector decodes to itself; int8 within half a step of its scale", "[vector]") {
    std::vector<float> v{0.5f, -0.25f, 0.125f, 0.0f, -1.0f};
    std::string f = encode_vector(v, false), q = encode_vector(v, true);
    REQUIRE(encoded_dim(f) == 5);
    REQUIRE(encoded_dim(q) == 5);
    CHECK(q.size() == 1 + 4 + 5);
    std::vector<float> back(5);
    decode_vector(f, back.data());
    CHECK(back == v);
    decode_vector(q, back.data());
    for (size_t i = 0; i < v.size(); ++i) CHECK(back[i] == Approx(v[i]).margin(0.5 / 127));
    CHECK(encoded_dim("x") == 0);
    CHECK(encoded_dim(std::string("f\1\2", 3)) == 0);
}

TEST_CASE("normalize makes unit vectors and leaves zero alone", "[vector]") {
    std::vector<float> v{3, 4}, zero{0, 0};
    normalize(v);
    normalize(zero);
    CHECK(v[0] == Approx(0.6));
    CHECK(v[1] == Approx(0.8));
    CHECK(zero == std::vector<float>{0, 0});
}

TEST_CASE("dot agrees with a plain loop at every length", "[vector]") {
    std::mt19937 rng(7);
    std::uniform_real_distribution<float> u(-1, 1);
    for (size_t dim : {1, 15, 16, 17, 64, 100, 768}) {
        std::vector<float> a(dim), b(dim);
        double want = 0;
        for (size_t i = 0; i < dim; ++i) a[i] = u(rng), b[i] = u(rng), want += double(a[i]) * b[i];
        CHECK(dot(a.data(), b.data(), dim) == Approx(want).margin(1e-4));
    }
}

TEST_CASE("exact_top_k returns the best rows, ties by lower id", "[vector]") {
    Matrix m;
    m.dim = 2;
    float rows[][2] = {{1, 0}, {0, 1}, {0.6f, 0.8f}, {1, 0}};
    for (uint32_t i = 0; i < 4; ++i) m.add(10 + i, rows[i]);
    float q[2] = {1, 0};
    auto top = exact_top_k(m, q, 3);
    REQUIRE(top.size() == 3);
    CHECK(top[0].id == 10);
    CHECK(top[1].id == 13);
    CHECK(top[2].id == 12);
    CHECK(top[2].score == Approx(0.6));
    CHECK(exact_top_k(m, q, 0).empty());
    CHECK(exact_top_k(m, q, 99).size() == 4);
}
