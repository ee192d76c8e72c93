// SPDX-License-Identifier: MIT
// A question's key terms: what it asks about, without the words that only shape it.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/text/analyze.h"

namespace rag {

/// What a question asks about: its distinct content terms, question words
/// ("how", "what", "which", ...) aside, and the command-line options it
/// names as written ("-L", "--location", "Accept=").
struct QuestionTerms {
    std::vector<std::string> terms;    ///< analysed, distinct, in question order
    std::vector<std::string> options;  ///< as written, distinct
};

QuestionTerms question_terms(std::string_view question, Analyzer& analyzer);

/// The options written in `text`: words that start with one or two dashes and
/// a letter ("-L", "--max-redirs"), and settings written "Name=" ("Accept=").
/// Trailing punctuation is not part of an option.
std::vector<std::string> options_in(std::string_view text);

}  // namespace rag
