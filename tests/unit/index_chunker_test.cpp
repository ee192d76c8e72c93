// SPDX-License-Identifier: MIT
// Chunking: short documents whole, long ones on paragraph and sentence boundaries.
#include <catch2/catch.hpp>

#include "lib/index/chunker.h"

using namespace rag::index;

namespace {
std::string words(size_t n, const std::string& w = "word") {
    std::string s;
    for (size_t i = 0; i < n; ++i) s += (i ? " " : "") + w;
    return s;
}
}  // namespace

TEST_CASE("a document up to one and a half passages stays whole", "[chunker]") {
    std::string text = words(140);
    auto chunks = chunk_text(text, {.words = 100, .overlap = 0});
    REQUIRE(chunks.size() == 1);
    CHECK(chunks[0] == text);
}

TEST_CASE("long documents split between paragraphs", "[chunker]") {
    std::string text = words(80, "alpha") + "\n\n" + words(80, "beta") + "\n\n" + words(30, "gamma");
    auto chunks = chunk_text(text, {.words = 100, .overlap = 0});
    REQUIRE(chunks.size() == 2);
    CHECK(chunks[0] == words(80, "alpha"));
    CHECK(chunks[1] == words(80, "beta") + "\n\n" + words(30, "gamma"));  // a short tail joins
}

TEST_CASE("a paragraph keeps its indentation: an indented code block stays code", "[chunker]") {
    std::string code = "    location /api/ {\n        proxy_pass http://127.0.0.1:8000;\n    }";
    std::string text = words(80, "alpha") + "\n\n" + words(80, "beta") + "\n\n" + code;
    auto chunks = chunk_text(text, {.words = 100, .overlap = 0});
    REQUIRE(chunks.size() == 2);
    CHECK(chunks[1] == words(80, "beta") + "\n\n" + code);
}

TEST_CASE("a long paragraph splits between sentences, with overlap", "[chunker]") {
    std::string text;
    for (int i = 0; i < 30; ++i) text += "This is sentence number " + std::to_string(i) + " of the text. ";
    auto chunks = chunk_text(text, {.words = 40, .overlap = 8});
    REQUIRE(chunks.size() > 3);
    for (const auto& c : chunks) {
        CHECK(count_words(c) <= 60);
        CHECK(c.substr(0, 4) == "This");  // starts on a sentence
        CHECK(c.back() == '.');
    }
    // The last sentence of a passage opens the next one.
    CHECK(chunks[1].find("sentence number 4 ") != std::string::npos);
    CHECK(chunks[0].find("sentence number 4 ") != std::string::npos);
}

TEST_CASE("a sentence longer than a passage splits between words", "[chunker]") {
    auto chunks = chunk_text(words(1000), {.words = 100, .overlap = 0});
    REQUIRE(chunks.size() == 10);
    CHECK(count_words(chunks[0]) == 100);
}

TEST_CASE("an option's line alone opens the passage of its description", "[chunker]") {
    std::string option = "       -k, --insecure";
    std::string description = "\t      " + words(60, "skip");
    std::string text = words(95, "alpha") + "\n\n" + option + "\n\n" + description + "\n\n" + words(60, "omega");
    auto chunks = chunk_text(text, {.words = 100, .overlap = 0});
    REQUIRE(chunks.size() == 2);
    CHECK(chunks[0] == words(95, "alpha"));  // 95 + 2 words would fit, but the option leaves with its text
    CHECK(chunks[1].starts_with(option + "\n\n" + description));
}
