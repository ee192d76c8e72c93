// SPDX-License-Identifier: MIT
// Tests of document analysis for the index: term counts, and the same result on any number of threads.
#include <catch2/catch.hpp>

#include "lib/index/analysis.h"

using namespace rag::index;

TEST_CASE("term counts are distinct, sorted, and count every term in the length", "[index][analysis]") {
    rag::Analyzer analyzer;
    uint32_t length = 0;
    auto counts = count_terms(analyzer, "Cats", "cats chase the cat; " + std::string(300, 'x'), length);
    REQUIRE(counts.size() == 2);
    CHECK(counts[0].term == "cat");
    CHECK(counts[0].tf == 3);  // Cats, cats, cat stem alike; "the" is a stop word
    CHECK(counts[1].term == "chase");
    CHECK(length == 5);  // the 300-byte word is counted, not indexed
}

TEST_CASE("documents analysed on several threads come back in order, as on one", "[index][analysis]") {
    auto make_docs = [] {
        std::vector<Document> docs;
        for (int i = 0; i < 200; ++i)
            docs.push_back({"doc" + std::to_string(i), "Title " + std::to_string(i),
                            std::string(static_cast<size_t>(i % 7 + 1) * 40, 'a') + " word" + std::to_string(i)});
        return docs;
    };
    auto run = [&](size_t threads) {
        std::vector<rag::Analyzer> analyzers(threads);
        auto docs = make_docs();
        return analyse_documents(docs, analyzers, ChunkOptions{});
    };
    auto one = run(1), four = run(4);
    REQUIRE(one.size() == 200);
    REQUIRE(four.size() == 200);
    for (size_t i = 0; i < one.size(); ++i) {
        CHECK(four[i].id == "doc" + std::to_string(i));
        REQUIRE(four[i].chunks.size() == one[i].chunks.size());
        for (size_t c = 0; c < one[i].chunks.size(); ++c) {
            CHECK(four[i].chunks[c].record == one[i].chunks[c].record);
            CHECK(four[i].chunks[c].length == one[i].chunks[c].length);
        }
    }
}
