// SPDX-License-Identifier: MIT
// Relevance: the question's key terms an answer holds, weighted by their count in the question.
#include "lib/text/relevance.h"

#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include "lib/text/question.h"

namespace rag {

bool is_refusal(std::string_view answer, Analyzer& analyzer) {
    while (!answer.empty() && std::isspace(static_cast<unsigned char>(answer.front()))) answer.remove_prefix(1);
    while (!answer.empty() && std::isspace(static_cast<unsigned char>(answer.back()))) answer.remove_suffix(1);
    return answer == kNoAnswer || analyzer.terms(answer).empty();
}

double answer_relevance(std::string_view question, std::string_view answer, Analyzer& analyzer) {
    QuestionTerms key = question_terms(question, analyzer);
    if (key.terms.empty()) return 1;
    std::vector<std::string> said = analyzer.terms(answer);
    std::sort(said.begin(), said.end());
    std::vector<std::string> asked = analyzer.terms(question);
    double held = 0, total = 0;
    for (const std::string& term : key.terms) {
        double weight = static_cast<double>(std::count(asked.begin(), asked.end(), term));
        total += weight;
        if (std::binary_search(said.begin(), said.end(), term)) held += weight;
    }
    return held / total;
}

}  // namespace rag
