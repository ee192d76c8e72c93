// SPDX-License-Identifier: MIT
// How well an answer is supported by its passages: per-sentence support, citations, issues.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/text/analyze.h"

namespace rag {

struct GroundingOptions {
    double min_score = 0.5;       ///< accepted when score >= min_score
    double min_support = 0.5;     ///< a sentence supported less than this is named in issues
    double phrase_weight = 0.25;  ///< share of a sentence's support that comes from shared word pairs
    size_t quote_bytes = 80;      ///< quoted sentences are cut to this many bytes (whole characters)
    double min_relevance = 0.4;   ///< check_answer: an answer holding less of the question (by idf) does not address it
};

/// One sentence of the answer and its best support among the passages.
struct SentenceSupport {
    Span span;                   ///< in the answer, citations included
    size_t weight = 0;           ///< its content words (stemmed, stop words dropped)
    double support = 0;          ///< 0..1 against its best passage
    int passage = -1;            ///< 0-based index of that passage; -1 when nothing is shared
    std::vector<int> citations;  ///< the [n] it carries (1-based, as written)
};

struct Grounding {
    double score = 0;                 ///< check_grounding: support; check_answer: support * (1 + relevance) / 2
    double support = 0;               ///< support averaged over sentences, weighted by length
    double relevance = 1;             ///< check_answer: answer_relevance to the question
    bool answered = true;             ///< check_answer: false for a refusal (is_refusal)
    bool accepted = false;            ///< answered, score >= min_score (check_answer: and relevance >= min_relevance)
    std::vector<std::string> issues;  ///< short sentences for a reader, in answer order
    std::vector<SentenceSupport> sentences;
};

/// Checks `answer` against `passages` (their texts, in the order the answer
/// cites them: [1] is passages[0]). A sentence's support against a passage is
///   (1 - phrase_weight) * (share of its distinct content terms found in the passage)
///       + phrase_weight * (share of its adjacent term pairs found there)
/// and its support is the best over passages; the score weights each sentence
/// by its number of content terms. Citations ("[2]", "[1, 3]", "[1][2]") are
/// not words; one that opens a sentence belongs to the sentence before it.
/// Issues name: an empty answer, an answer with no content words, each
/// unsupported sentence (quoted, cut to quote_bytes), each citation [n] that
/// points to no passage, a sentence that cites passages other than the one
/// that supports it, an answer that cites nothing. Never throws for any
/// input text (std::bad_alloc aside). Uses `analyzer` (not thread-safe).
Grounding check_grounding(std::string_view answer, const std::vector<std::string_view>& passages, Analyzer& analyzer,
                          const GroundingOptions& options = {});

/// check_grounding, and whether the answer addresses `question` (the
/// question, or conversation_search_text for a turn with history): score is
/// support * (1 + relevance) / 2 and acceptance needs min_relevance, so a
/// copied sentence that does not address the question scores lower and is not
/// accepted; a refusal scores 0, is not answered and not accepted.
Grounding check_answer(std::string_view question, std::string_view answer,
                       const std::vector<std::string_view>& passages, Analyzer& analyzer,
                       const GroundingOptions& options = {});

/// `s` cut to at most `max_bytes` bytes on a character boundary, with "…"
/// appended when something was cut, and wrapped in double quotes.
std::string quote_trimmed(std::string_view s, size_t max_bytes);

}  // namespace rag
