// SPDX-License-Identifier: MIT
// The offline extractive answer: the passages' sentences that best answer a question, cited [n].
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/text/analyze.h"
#include "lib/text/relevance.h"

namespace rag {

/// A retrieved passage as carried by a `context` event.
struct Passage {
    std::string doc, title, text;
};

// extractive_answer says kNoAnswer (lib/text/relevance.h) when the passages do
// not hold the question's key terms (or the question has no term at all).

struct ExtractiveOptions {
    size_t max_sentences = 3;   ///< sentences in the answer, at most
    size_t max_words = 120;     ///< words in the answer, at most (a longer first sentence is cut)
    size_t min_words = 4;       ///< shorter sentences (headings, fragments) are never picked
    double redundancy = 0.3;    ///< MMR weight of the overlap with sentences already picked
    double min_relative = 0.3;  ///< a sentence scoring under this share of the best is left out
    double min_coverage = 0.5;  ///< share of the question's terms the passages must hold, else no answer
    std::string_view said;      ///< earlier answers of the conversation: a sentence they quote is not quoted again
};

/// Composes an answer from the sentences of `passages` (in rank order) that
/// best match the analysed terms of `query`: BM25 over the passages'
/// sentences, weighted by the squared share of the query (by idf) that the
/// sentence's passage holds and by a small prior for higher-ranked passages
/// (so one shared word does not pull in an off-topic passage), picked by maximal
/// marginal relevance so that near-duplicates are left out, then printed in
/// passage order and position, each followed by its citation "[n]" (n is the
/// 1-based passage index). A question term is matched by its synonyms too
/// (with_synonyms); an option entry, a definition or a value weighs up, a
/// command example down, and so do the passages of a document the question
/// names ("in less"); a sentence from inside an option's description is
/// quoted after its option line. Returns kNoAnswer when the passages hold less than min_coverage of the question's terms.
/// Deterministic: equal inputs give equal answers. Whitespace inside a
/// sentence is collapsed to single spaces. Uses `analyzer` (not thread-safe).
std::string extractive_answer(std::string_view query, const std::vector<Passage>& passages, Analyzer& analyzer,
                              const ExtractiveOptions& options);
std::string extractive_answer(std::string_view query, const std::vector<Passage>& passages, Analyzer& analyzer);

}  // namespace rag
