// SPDX-License-Identifier: MIT
// Posting lists: encoding round trip, cursor next/advance across blocks.
#include <catch2/catch.hpp>

#include <random>
#include <stdexcept>

#include "lib/index/postings.h"

using namespace rag::index;

namespace {

std::vector<Posting> random_list(std::mt19937& rng, size_t n, uint32_t gap) {
    std::vector<Posting> out;
    uint32_t doc = rng() % 3;
    for (size_t i = 0; i < n; ++i) {
        out.push_back({doc, 1 + static_cast<uint32_t>(rng() % 7)});
        doc += 1 + rng() % gap;
    }
    return out;
}

uint32_t length_of(uint32_t c) { return 10 + c % 50; }

}  // namespace

TEST_CASE("posting lists decode to what was encoded", "[postings]") {
    std::mt19937 rng(7);
    for (size_t n : {0u, 1u, 127u, 128u, 129u, 1000u}) {
        auto list = random_list(rng, n, 20);
        std::string blob = encode_postings(list, length_of);
        auto back = decode_postings(blob);
        REQUIRE(back.size() == list.size());
        for (size_t i = 0; i < n; ++i) {
            CHECK(back[i].chunk == list[i].chunk);
            CHECK(back[i].tf == list[i].tf);
        }
    }
}

TEST_CASE("a posting cursor carries the list's upper-bound statistics", "[postings]") {
    std::vector<Posting> list{{3, 2}, {9, 5}, {40, 1}};
    PostingCursor c(encode_postings(list, length_of));
    CHECK(c.df() == 3);
    CHECK(c.max_tf() == 5);
    CHECK(c.min_len() == 13);
}

TEST_CASE("advance lands on the first posting at or after the target", "[postings]") {
    std::mt19937 rng(11);
    auto list = random_list(rng, 5000, 9);
    std::string blob = encode_postings(list, length_of);
    for (int trial = 0; trial < 50; ++trial) {
        PostingCursor c(blob);
        uint32_t target = 0;
        while (c.doc() != kEndOfList) {
            target = c.doc() + static_cast<uint32_t>(rng() % 600);
            c.advance(target);
            auto it = std::lower_bound(list.begin(), list.end(), target,
                                       [](const Posting& p, uint32_t t) { return p.chunk < t; });
            if (it == list.end()) {
                CHECK(c.doc() == kEndOfList);
            } else {
                REQUIRE(c.doc() == it->chunk);
                CHECK(c.tf() == it->tf);
            }
        }
    }
}

TEST_CASE("a damaged posting list throws instead of reading past its end", "[postings]") {
    std::mt19937 rng(11);
    std::string blob = encode_postings(random_list(rng, 300, 9), length_of);
    // Cut anywhere, or with a byte changed in the header or skip table: an error, never a read past the end.
    for (size_t cut = 1; cut < blob.size(); ++cut) {
        std::string head = blob.substr(0, cut);
        CHECK_THROWS_AS(decode_postings(head), std::runtime_error);
    }
    for (size_t at = 0; at < 10; ++at) {
        std::string bad = blob;
        bad[at] = static_cast<char>(bad[at] ^ 0x41);
        try {
            (void)decode_postings(bad);
        } catch (const std::runtime_error&) {
        }
    }
    // Each check the cursor makes: a block count that does not match df, a chunk other than the
    // skip table's last one, a block's bytes that end inside a varint; and a sound one-posting list.
    CHECK_THROWS_AS(decode_postings(std::string("\x03\x01\x01\x00", 4)), std::runtime_error);
    CHECK_THROWS_AS(decode_postings(std::string("\x01\x01\x01\x01\x02\x02\x05\x01", 8)), std::runtime_error);
    CHECK_THROWS_AS(decode_postings(std::string("\x01\x01\x01\x01\x02\x01\x82", 7)), std::runtime_error);
    CHECK(decode_postings(std::string("\x01\x01\x01\x01\x02\x02\x02\x01", 8)).size() == 1);
}
