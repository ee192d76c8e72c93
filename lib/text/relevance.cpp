// SPDX-License-Identifier: MIT
// Relevance: the question's key terms an answer holds, weighted by their count in the question.
#include "lib/text/relevance.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include "lib/text/question.h"
#include "lib/text/synonyms.h"

namespace rag {

bool is_refusal(std::string_view answer, Analyzer& analyzer) {
    while (!answer.empty() && std::isspace(static_cast<unsigned char>(answer.front()))) answer.remove_prefix(1);
    while (!answer.empty() && std::isspace(static_cast<unsigned char>(answer.back()))) answer.remove_suffix(1);
    return answer == kNoAnswer || analyzer.terms(answer).empty();
}

namespace {

bool holds_any(const std::vector<std::string>& sorted, const std::vector<std::string>& alternatives) {
    return std::any_of(alternatives.begin(), alternatives.end(),
                       [&](const std::string& a) { return std::binary_search(sorted.begin(), sorted.end(), a); });
}

std::vector<std::string> sorted_terms(std::string_view text, Analyzer& analyzer) {
    std::vector<std::string> terms = analyzer.terms(text);
    std::sort(terms.begin(), terms.end());
    return terms;
}

}  // namespace

double answer_relevance(std::string_view question, std::string_view answer,
                        const std::vector<std::string_view>& passages, Analyzer& analyzer) {
    QuestionTerms key = question_terms(question, analyzer);
    if (key.terms.empty()) return 1;
    std::vector<std::string> said = sorted_terms(answer, analyzer);
    std::vector<std::vector<std::string>> held_by;  // each passage sentence's terms
    for (std::string_view p : passages)
        for (Span s : split_sentences(p)) held_by.push_back(sorted_terms(p.substr(s.begin, s.end - s.begin), analyzer));
    std::vector<std::string> asked = analyzer.terms(question);
    double n = static_cast<double>(held_by.size()), held = 0, total = 0;
    for (const std::string& term : key.terms) {
        std::vector<std::string> alternatives = with_synonyms(term, analyzer);
        double weight = static_cast<double>(std::count(asked.begin(), asked.end(), term));
        if (!passages.empty()) {  // a term every sentence holds tells little about the answer
            double df = static_cast<double>(std::count_if(
                held_by.begin(), held_by.end(), [&](const auto& terms) { return holds_any(terms, alternatives); }));
            df = std::max(df, 1.0);  // a term no sentence holds weighs as the rarest one held, no more
            weight *= std::log(1 + (n - df + 0.5) / (df + 0.5));
        }
        total += weight;
        if (holds_any(said, alternatives)) held += weight;
    }
    return total > 0 ? held / total : 1;
}

double answer_relevance(std::string_view question, std::string_view answer, Analyzer& analyzer) {
    return answer_relevance(question, answer, {}, analyzer);
}

}  // namespace rag
