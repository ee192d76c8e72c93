// SPDX-License-Identifier: MIT
// A question's key terms: question words aside, options as written.
#include <catch2/catch.hpp>

#include "lib/text/question.h"

TEST_CASE("Question words are not key terms", "[question]") {
    rag::Analyzer analyzer;
    rag::QuestionTerms q = rag::question_terms("How do I keep the original file when compressing?", analyzer);
    CHECK(q.terms == std::vector<std::string>{"keep", "origin", "file", "compress"});
    CHECK(q.options.empty());
}

TEST_CASE("Options and settings are found as written, punctuation aside", "[question]") {
    CHECK(rag::options_in("What does -L, or --max-redirs, do?") == std::vector<std::string>{"-L", "--max-redirs"});
    CHECK(rag::options_in("What does Accept= do in a socket?") == std::vector<std::string>{"Accept="});
    CHECK(rag::options_in("(-k) and \"--keep\"") == std::vector<std::string>{"-k", "--keep"});
    CHECK(rag::options_in("a well-known x-ray, - and -- alone, 3-5 and -9").size() == 1);  // only -9
}
