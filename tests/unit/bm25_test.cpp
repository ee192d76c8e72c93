// SPDX-License-Identifier: MIT
// BM25 formula, and MaxScore ranking equal to exhaustive ranking.
#include <catch2/catch.hpp>

#include <cmath>
#include <random>

#include "lib/index/bm25.h"
#include "lib/index/search.h"

using namespace rag::index;

TEST_CASE("bm25 uses Lucene's idf and Robertson's saturation", "[bm25]") {
    Bm25 bm25({0.9, 0.4}, 1000, 50000);  // average length 50
    CHECK(bm25.idf(10) == Approx(std::log(1 + (1000 - 10 + 0.5) / 10.5)));
    CHECK(bm25.tf_part(2, 50) == Approx(2 * 1.9 / (2 + 0.9)));
    CHECK(bm25.tf_part(2, 100) < bm25.tf_part(2, 50));  // longer chunks weigh less
    CHECK(bm25.tf_part(3, 50) > bm25.tf_part(2, 50));
    CHECK(bm25.idf(1000) > 0);  // never negative
}

TEST_CASE("maxscore ranks exactly as exhaustive evaluation", "[bm25][search]") {
    std::mt19937 rng(42);
    const uint32_t n = 20000;
    std::vector<uint32_t> lengths(n);
    uint64_t total = 0;
    for (auto& l : lengths) total += l = 5 + rng() % 300;
    std::string len_bytes(n * 4, '\0');
    for (uint32_t i = 0; i < n; ++i)
        for (int k = 0; k < 4; ++k) len_bytes[4 * i + k] = static_cast<char>(lengths[i] >> (8 * k));
    LengthTable table(len_bytes);
    Bm25 bm25({0.9, 0.4}, n, total);
    // Terms from very rare to very common, so that pruning has work to do.
    std::vector<std::string> blobs;
    for (double p : {0.0005, 0.002, 0.01, 0.05, 0.1, 0.3, 0.6, 0.9}) {
        std::vector<Posting> list;
        for (uint32_t d = 0; d < n; ++d)
            if (std::uniform_real_distribution<>(0, 1)(rng) < p)
                list.push_back({d, 1 + static_cast<uint32_t>(rng() % 4)});
        blobs.push_back(encode_postings(list, [&](uint32_t c) { return lengths[c]; }));
    }
    for (int q = 0; q < 60; ++q) {
        std::vector<QueryTerm> terms;
        size_t count = 1 + rng() % blobs.size();
        for (size_t i = 0; i < count; ++i) {
            PostingCursor c(blobs[rng() % blobs.size()]);
            terms.push_back({c, bm25.idf(c.df()) * (1 + rng() % 2)});
        }
        for (size_t k : {1u, 10u, 100u, 1000u}) {
            auto fast = search_maxscore(terms, bm25, table, k);
            auto full = search_exhaustive(terms, bm25, table, k);
            REQUIRE(fast.size() == full.size());
            for (size_t i = 0; i < fast.size(); ++i) {
                REQUIRE(fast[i].chunk == full[i].chunk);
                REQUIRE(fast[i].score == full[i].score);
            }
        }
    }
}

TEST_CASE("ties rank the lower chunk number first", "[bm25][search]") {
    std::string len_bytes(4 * 4, '\0');
    for (int i = 0; i < 4; ++i) len_bytes[4 * i] = 10;
    LengthTable table(len_bytes);
    Bm25 bm25({0.9, 0.4}, 4, 40);
    std::string blob = encode_postings({{0, 1}, {1, 1}, {2, 1}, {3, 1}}, [](uint32_t) { return 10u; });
    auto hits = search_maxscore({{PostingCursor(blob), 1.0}}, bm25, table, 2);
    REQUIRE(hits.size() == 2);
    CHECK(hits[0].chunk == 0);
    CHECK(hits[1].chunk == 1);
}

TEST_CASE("a top 0 is empty (found by index_record_fuzz: the threshold read an empty heap)", "[bm25][search]") {
    std::string len_bytes(4 * 2, '\0');
    len_bytes[0] = len_bytes[4] = 10;
    LengthTable table(len_bytes);
    Bm25 bm25({0.9, 0.4}, 2, 20);
    std::string blob = encode_postings({{0, 1}, {1, 2}}, [](uint32_t) { return 10u; });
    CHECK(search_maxscore({{PostingCursor(blob), 1.0}}, bm25, table, 0).empty());
    CHECK(search_exhaustive({{PostingCursor(blob), 1.0}}, bm25, table, 0).empty());
}
