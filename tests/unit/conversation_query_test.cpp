// SPDX-License-Identifier: MIT
// The search text of a conversation: the question weighs most, the history fills in what it names.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "lib/text/conversation_query.h"

namespace {

long count_of(const std::string& text, std::string_view word) {
    rag::Analyzer analyzer;
    std::vector<std::string> terms = analyzer.terms(text), want = analyzer.terms(word);
    return std::count(terms.begin(), terms.end(), want.at(0));
}

rag::Request follow_up() {
    rag::Request r;
    r.query = "and how many does it follow at most?";
    r.history = {{"user", "How do I make curl follow redirects?"},
                 {"assistant", "-L, --location makes curl redo the request; curl curl curl [1]."}};
    return r;
}

}  // namespace

TEST_CASE("Without history the search text is the question itself", "[conversation]") {
    rag::Analyzer analyzer;
    rag::Request r;
    r.query = "What is BM25?";
    CHECK(rag::conversation_search_text(r, analyzer) == "What is BM25?");
}

TEST_CASE("A follow-up searches for the terms of the conversation, its own weighing most", "[conversation]") {
    rag::Analyzer analyzer;
    std::string text = rag::conversation_search_text(follow_up(), analyzer);
    CHECK(count_of(text, "many") == 4);            // the question's own words
    CHECK(count_of(text, "follow") == 4);          // in the question and the history: the question's weight
    CHECK(count_of(text, "redirects") == 2);       // the previous question
    CHECK(count_of(text, "curl") == 2);            // the most any turn gives it, not the answer's four
    CHECK(count_of(text, "location") == 1);        // the answer
    CHECK(text.find("and") == std::string::npos);  // stop words are not written
}

TEST_CASE("Only the last turns of the window are searched", "[conversation]") {
    rag::Analyzer analyzer;
    rag::Request r = follow_up();
    r.history.insert(r.history.begin(), {{"user", "tungsten"}, {"assistant", "alloys"}});
    rag::ConversationWeights weights;
    weights.turns = 2;
    std::string text = rag::conversation_search_text(r, analyzer, weights);
    CHECK(text.find("tungsten") == std::string::npos);
    CHECK(count_of(text, "curl") == 2);
}

TEST_CASE("A repeated question word counts once per occurrence", "[conversation]") {
    rag::Analyzer analyzer;
    rag::Request r;
    r.query = "cache cache size";
    r.history = {{"user", "rag-cache"}};
    std::string text = rag::conversation_search_text(r, analyzer);
    CHECK(count_of(text, "cache") == 8);
    CHECK(count_of(text, "size") == 4);
    CHECK(count_of(text, "rag") == 2);
}

TEST_CASE("What an answer must address leaves earlier answers' words out", "[conversation]") {
    rag::Analyzer analyzer;
    std::string addressed = rag::conversation_search_text(follow_up(), analyzer, rag::kAddressedWeights);
    CHECK(count_of(addressed, "redirects") == 2);  // the user's previous turn
    CHECK(count_of(addressed, "redo") == 0);       // the assistant's words
    CHECK(count_of(addressed, "many") == 4);
    CHECK(count_of(rag::conversation_search_text(follow_up(), analyzer), "redo") == 1);
}
