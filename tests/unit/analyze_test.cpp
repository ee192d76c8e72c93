// SPDX-License-Identifier: MIT
// The analyzer and sentence splitter shared by index, query, extraction and verification.
#include <catch2/catch.hpp>

#include "lib/text/analyze.h"

using rag::Analyzer;

TEST_CASE("English text is folded, stop-worded and stemmed", "[analyze]") {
    Analyzer a;
    CHECK(a.terms("The Running of the Bulls") == std::vector<std::string>{"run", "bull"});
    CHECK(a.terms("Indexes are INDEXED by indexing") == std::vector<std::string>{"index", "index", "index"});
}

TEST_CASE("possessives and apostrophes are stripped", "[analyze]") {
    Analyzer a;
    CHECK(a.terms("the user's guide") == a.terms("users guide"));
    CHECK(a.terms("the user\xE2\x80\x99s guide") == a.terms("user guide"));
    CHECK(a.terms("don't") == std::vector<std::string>{"dont"});
}

TEST_CASE("non-ASCII words tokenise, fold and normalise", "[analyze]") {
    Analyzer a(rag::AnalyzerOptions{"none", false});
    CHECK(a.terms("Straße ÉCOLE ﬁsh") == std::vector<std::string>{"strasse", "école", "fish"});
    CHECK(a.terms("café") == a.terms("cafe\xCC\x81"));  // precomposed and combining forms meet
    CHECK(a.terms("Ελληνικά κείμενα") == std::vector<std::string>{"ελληνικά", "κείμενα"});
}

TEST_CASE("ideographs are single-character terms", "[analyze]") {
    Analyzer a(rag::AnalyzerOptions{"none", false});
    CHECK(a.terms("检索增强") == std::vector<std::string>{"检", "索", "增", "强"});
}

TEST_CASE("numbers keep their decimal point and separators", "[analyze]") {
    Analyzer a;
    CHECK(a.terms("k1 is 0.9 and 10,000 docs") == std::vector<std::string>{"k1", "0.9", "10,000", "doc"});
}

TEST_CASE("tokens keep byte spans and mark stop words", "[analyze]") {
    Analyzer a;
    std::string text = "The cat, sleeping.";
    auto toks = a.tokens(text);
    REQUIRE(toks.size() == 3);
    CHECK(toks[0].term.empty());
    CHECK(text.substr(toks[1].begin, toks[1].end - toks[1].begin) == "cat");
    CHECK(toks[2].term == "sleep");
}

TEST_CASE("other Snowball languages stem, unknown ones are refused", "[analyze]") {
    Analyzer fr(rag::AnalyzerOptions{"french", true});
    CHECK(fr.terms("continuellement") == fr.terms("continuel"));
    CHECK_THROWS_AS(Analyzer(rag::AnalyzerOptions{"klingon", true}), std::invalid_argument);
}

TEST_CASE("invalid UTF-8 separates words and never crashes", "[analyze]") {
    Analyzer a;
    CHECK(a.terms("abc\xFF\xFE"
                  "def") == std::vector<std::string>{"abc", "def"});
}

static std::vector<std::string> sentences(std::string_view text) {
    std::vector<std::string> out;
    for (auto s : rag::split_sentences(text)) out.emplace_back(text.substr(s.begin, s.end - s.begin));
    return out;
}

TEST_CASE("sentences split after terminal punctuation", "[sentences]") {
    CHECK(sentences("BM25 ranks. It is old!  Is it good?") ==
          std::vector<std::string>{"BM25 ranks.", "It is old!", "Is it good?"});
}

TEST_CASE("abbreviations, initials and decimals do not split", "[sentences]") {
    CHECK(sentences("Use e.g. BM25 with k1 = 0.9. Robertson et al. wrote it. J. Smith agreed.") ==
          std::vector<std::string>{"Use e.g. BM25 with k1 = 0.9.", "Robertson et al. wrote it.", "J. Smith agreed."});
}

TEST_CASE("blank lines and Markdown blocks end sentences", "[sentences]") {
    CHECK(sentences("# Title\nSome text\n\nNext para\n- item one\n- item two") ==
          std::vector<std::string>{"# Title", "Some text", "Next para", "- item one", "- item two"});
}

TEST_CASE("CJK sentence marks split", "[sentences]") {
    CHECK(sentences("这是一句。这是第二句") == std::vector<std::string>{"这是一句。", "这是第二句"});
}

TEST_CASE("fenced code blocks are not sentences", "[sentences]") {
    CHECK(sentences("Run it:\n```sh\nmake test # all. of it\n```\nThen read. Done") ==
          std::vector<std::string>{"Run it:", "Then read.", "Done"});
    CHECK(sentences("```\nonly code. here\n```") == std::vector<std::string>{});
}

TEST_CASE("indented code blocks are not sentences; indented list paragraphs are", "[sentences]") {
    CHECK(sentences("Proxy it:\n\n    location /api/ {\n        proxy_pass x;\n\n    }\nThen reload. Done") ==
          std::vector<std::string>{"Proxy it:", "Then reload.", "Done"});
    CHECK(sentences("    only code. here") == std::vector<std::string>{});
    // Indented without a blank line before: a wrapped line of the same paragraph.
    CHECK(sentences("One sentence\n    goes on. Two") == std::vector<std::string>{"One sentence\n    goes on.", "Two"});
    CHECK(sentences("- item one.\n\n    More about it. End") ==
          std::vector<std::string>{"- item one.", "More about it.", "End"});
}
