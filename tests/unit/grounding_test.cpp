// SPDX-License-Identifier: MIT
// Grounding: faithful answers score high, invented sentences and bad citations are named.
#include <catch2/catch.hpp>

#include <algorithm>

#include "lib/backends/extractive.h"
#include "lib/text/grounding.h"
#include "lib/text/relevance.h"
#include "lib/text/synonyms.h"

namespace {

const std::vector<std::string_view> kPassages = {
    "BM25 is a ranking function used by search engines to estimate the relevance of documents to "
    "a query. Term frequency saturates, so a word repeated many times adds little.",
    "LMDB is an embedded key-value store. It maps the whole database into memory, so readers never "
    "copy data.",
};

rag::Grounding check(std::string_view answer, const std::vector<std::string_view>& passages = kPassages) {
    rag::Analyzer analyzer;
    return rag::check_grounding(answer, passages, analyzer);
}

bool has_issue(const rag::Grounding& g, std::string_view part) {
    for (const std::string& i : g.issues)
        if (i.find(part) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("A faithful extractive answer scores high with no issues", "[grounding]") {
    std::vector<rag::Passage> passages;
    for (std::string_view p : kPassages) passages.push_back({"d", "", std::string(p)});
    rag::Analyzer analyzer;
    std::string answer = rag::extractive_answer("What is BM25 and LMDB?", passages, analyzer);
    rag::Grounding g = rag::check_grounding(answer, kPassages, analyzer);
    CHECK(g.score > 0.95);
    CHECK(g.accepted);
    CHECK(g.issues.empty());
}

TEST_CASE("A paraphrase that keeps the words scores above the bar", "[grounding]") {
    rag::Grounding g = check("Search engines use the BM25 ranking function to estimate relevance [1].");
    CHECK(g.score >= 0.75);
    CHECK(g.accepted);
    CHECK(g.issues.empty());
}

TEST_CASE("An invented sentence is flagged with its text", "[grounding]") {
    rag::Grounding g = check(
        "LMDB is an embedded key-value store [2]. "
        "It was invented by Napoleon during the siege of Toulon in 1793 [2].");
    REQUIRE(g.sentences.size() == 2);
    CHECK(g.sentences[0].support > 0.9);
    CHECK(g.sentences[1].support < 0.3);
    CHECK(g.issues == std::vector<std::string>{
                          "unsupported: \"It was invented by Napoleon during the siege of Toulon in 1793 [2].\""});
    CHECK_FALSE(g.accepted);
}

TEST_CASE("A citation to no passage is flagged once", "[grounding]") {
    rag::Grounding g = check("LMDB is an embedded key-value store [7]. It maps the database into memory [7].");
    CHECK(g.accepted);
    CHECK(g.issues == std::vector<std::string>{"citation [7] points to no passage (there are 2)"});
}

TEST_CASE("Citation forms are read: lists, ranges, and a citation after the stop", "[grounding]") {
    rag::Grounding g = check(
        "LMDB is an embedded key-value store. [2] BM25 is a ranking function [1, 2]. "
        "Readers never copy data [1-2][0].");
    REQUIRE(g.sentences.size() == 3);
    CHECK(g.sentences[0].citations == std::vector<int>{2});
    CHECK(g.sentences[1].citations == std::vector<int>{1, 2});
    CHECK(g.sentences[2].citations == std::vector<int>{1, 2, 0});
    CHECK(has_issue(g, "citation [0] points to no passage"));
    CHECK_FALSE(has_issue(g, "cites no passage"));
}

TEST_CASE("A sentence citing the wrong passage is named", "[grounding]") {
    rag::Grounding g = check("LMDB is an embedded key-value store [1].");
    CHECK(g.sentences[0].passage == 1);
    CHECK(g.issues ==
          std::vector<std::string>{"\"LMDB is an embedded key-value store [1].\" cites [1] but is supported by [2]"});
}

TEST_CASE("An answer that cites nothing is named", "[grounding]") {
    rag::Grounding g = check("LMDB is an embedded key-value store.");
    CHECK(g.accepted);
    CHECK(g.issues == std::vector<std::string>{"the answer cites no passage"});
}

TEST_CASE("An empty answer is rejected", "[grounding]") {
    for (std::string_view empty : {"", "  \n "}) {
        rag::Grounding g = check(empty);
        CHECK(g.score == 0);
        CHECK_FALSE(g.accepted);
        CHECK(g.issues == std::vector<std::string>{"empty answer"});
    }
    CHECK(has_issue(check("[1]"), "no words to check"));
}

TEST_CASE("Longer sentences weigh more in the score", "[grounding]") {
    rag::Grounding g = check(
        "LMDB is an embedded key-value store that maps the whole database into "
        "memory so readers never copy data [2]. Cats purr [2].");
    REQUIRE(g.sentences.size() == 2);
    CHECK(g.sentences[1].support == 0);
    CHECK(g.score > 0.75);
    CHECK(has_issue(g, "unsupported: \"Cats purr [2].\""));
}

TEST_CASE("Non-English answers are checked against non-English passages", "[grounding]") {
    std::vector<std::string_view> passages = {
        "Le café est une boisson préparée à partir des graines torréfiées du caféier.",
        "Die Zugspitze ist mit 2962 Metern der höchste Berg Deutschlands.",
        "東京は日本の首都である。人口は約千四百万人である。",
    };
    CHECK(check("Le café est une boisson préparée à partir des graines du caféier [1].", passages).score > 0.9);
    CHECK(check("Die Zugspitze ist der höchste Berg Deutschlands [2].", passages).score > 0.9);
    CHECK(check("東京は日本の首都である [3]。", passages).score > 0.9);
    rag::Grounding g = check("Der Mont Blanc liegt in Italien und Frankreich [2].", passages);
    CHECK_FALSE(g.accepted);
    CHECK(has_issue(g, "unsupported: \"Der Mont Blanc"));
}

TEST_CASE("Quotes are cut on a character boundary", "[grounding]") {
    CHECK(rag::quote_trimmed("héllo", 2) == "\"h…\"");
    CHECK(rag::quote_trimmed("hello", 80) == "\"hello\"");
    CHECK(rag::quote_trimmed("a\nb", 80) == "\"a b\"");
}

TEST_CASE("Odd answers are checked without failing", "[grounding]") {
    for (std::string_view odd : {"[", "[]", "[1", "[99999999999999] LMDB.", "[1-999999] store.", "[,] [ ] [-1]",
                                 "\xff\xfe LMDB \xc3 [2].", "....", "LMDB [2] [2] [2]", "?!"}) {
        rag::Grounding g = check(odd);
        CHECK(g.score >= 0);
        CHECK(g.score <= 1);
    }
    CHECK(check("LMDB is a store [1000000].").issues.front() ==
          "citation [1000000] points to no passage (there are 2)");
    CHECK(check("LMDB is an embedded key-value store [2].", {}).score == 0);
}

TEST_CASE("Relevance is the share of the question's key terms the answer holds", "[grounding][relevance]") {
    rag::Analyzer analyzer;
    CHECK(rag::answer_relevance("What is BM25?", "BM25 is a ranking function [1].", analyzer) == 1.0);
    CHECK(rag::answer_relevance("How do LMDB readers copy data?", "LMDB is an embedded key-value store [2].",
                                analyzer) == Approx(0.25));
    CHECK(rag::answer_relevance("How do LMDB readers copy data?", "Term frequency saturates [1].", analyzer) == 0.0);
    CHECK(rag::answer_relevance("how do you do?", "Anything at all.", analyzer) == 1.0);  // nothing to address
    // Words repeated in a search text weigh more: the question over its history.
    CHECK(rag::answer_relevance("store store store lmdb", "a store", analyzer) == Approx(0.75));
}

TEST_CASE("A correct supported answer scores above a copied irrelevant one and above a refusal",
          "[grounding][relevance]") {
    rag::Analyzer analyzer;
    std::string_view question = "How do LMDB readers avoid copying data?";
    rag::Grounding right = rag::check_answer(
        question, "It maps the whole database into memory, so readers never copy data [2].", kPassages, analyzer);
    rag::Grounding copied = rag::check_answer(
        question, "Term frequency saturates, so a word repeated many times adds little [1].", kPassages, analyzer);
    rag::Grounding refusal = rag::check_answer(question, rag::kNoAnswer, kPassages, analyzer);
    CHECK(right.support > 0.95);
    CHECK(copied.support > 0.95);  // copied, so supported
    CHECK(right.accepted);
    CHECK_FALSE(copied.accepted);
    CHECK(has_issue(copied, "does not address the question"));
    CHECK(right.score > copied.score);
    CHECK(right.score > refusal.score);
    CHECK_FALSE(refusal.answered);
    CHECK_FALSE(refusal.accepted);
    CHECK(refusal.score == 0.0);
    CHECK(has_issue(refusal, "do not answer"));
}

TEST_CASE("Relevance weighs a question term by its rarity among the passages, synonyms included",
          "[grounding][relevance]") {
    rag::Analyzer analyzer;
    std::vector<std::string_view> tar = {"-x, --extract Extract files from a tar archive.",
                                         "-A, --catenate Append a tar archive to another archive.",
                                         "-t, --list List the contents of a tar archive."};
    std::string_view question = "how do I unpack a tar archive";
    // "tar" and "archive" are in every passage; "unpack" (as "extract") tells the answers apart.
    double copied =
        rag::answer_relevance(question, "-A, --catenate Append a tar archive to another archive [2].", tar, analyzer);
    double right =
        rag::answer_relevance(question, "-x, --extract Extract files from a tar archive [1].", tar, analyzer);
    CHECK(copied < 0.4);  // under min_relevance
    CHECK(right == Approx(1.0));
    rag::Grounding irrelevant =
        rag::check_answer(question, "-A, --catenate Append a tar archive to another archive [2].", tar, analyzer);
    CHECK(irrelevant.support > 0.9);  // copied, so supported
    CHECK_FALSE(irrelevant.accepted);
    CHECK(rag::check_answer(question, "-x, --extract Extract files from a tar archive [1].", tar, analyzer).accepted);
}

TEST_CASE("Synonyms are one small table of documentation verbs", "[synonyms]") {
    rag::Analyzer analyzer;
    std::vector<std::string> unpack = rag::with_synonyms(analyzer.terms("unpack").front(), analyzer);
    CHECK(unpack.front() == analyzer.terms("unpack").front());
    CHECK(std::find(unpack.begin(), unpack.end(), analyzer.terms("extract").front()) != unpack.end());
    CHECK(rag::with_synonyms("lmdb", analyzer) == std::vector<std::string>{"lmdb"});
}

TEST_CASE("With one passage, relevance weighs every question term alike", "[grounding][relevance]") {
    rag::Analyzer analyzer;
    std::vector<std::string_view> one = {"LMDB is an embedded key-value store."};
    // "readers", "copy", "data" are in no passage: they weigh as a held term does, not more.
    CHECK(rag::answer_relevance("How do LMDB readers copy data?", "LMDB is an embedded key-value store [1].", one,
                                analyzer) == Approx(0.25));
}
