// SPDX-License-Identifier: MIT
// Whether an answer addresses its question, and whether it answers at all.
#pragma once

#include <string_view>
#include <vector>

#include "lib/text/analyze.h"

namespace rag {

/// What an answerer says when the passages do not answer the question.
inline constexpr std::string_view kNoAnswer = "The passages do not answer this question.";

/// True when `answer` declines to answer: it is kNoAnswer (white space
/// aside), or it has no content word at all.
bool is_refusal(std::string_view answer, Analyzer& analyzer);

/// How much of the question `answer` takes up, 0..1: the share of the
/// question's key terms (question_terms: question words aside) found in the
/// answer, each weighted by its count in `question`, so that a search text
/// from conversation_search_text weighs the question over its history.
/// 1 when the question has no key term (nothing to address); 0 for an empty answer.
double answer_relevance(std::string_view question, std::string_view answer, Analyzer& analyzer);

/// answer_relevance, with each key term weighted by its idf over the sentences
/// of `passages` (a term, or a synonym of it, that every sentence holds says
/// little about what the answer addresses: "tar" in a question about tar's
/// passages; a term no sentence holds weighs as the rarest held one), and a
/// synonym in the answer (with_synonyms) standing for the term.
double answer_relevance(std::string_view question, std::string_view answer,
                        const std::vector<std::string_view>& passages, Analyzer& analyzer);

}  // namespace rag
