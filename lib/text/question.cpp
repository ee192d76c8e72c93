// SPDX-License-Identifier: MIT
// A question's key terms and the options it names.
#include "lib/text/question.h"

#include <algorithm>
#include <cctype>

namespace rag {
namespace {

constexpr std::string_view kQuestionWords =
    "how do does did what which who whom whose why when where can could would should tell explain "
    "describe i me my you your we want way";

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_'; }

void push_unique(std::vector<std::string>& v, std::string s) {
    if (std::find(v.begin(), v.end(), s) == v.end()) v.push_back(std::move(s));
}

}  // namespace

std::vector<std::string> options_in(std::string_view text) {
    std::vector<std::string> out;
    for (size_t i = 0; i < text.size();) {
        bool starts_word = i == 0 || std::isspace(static_cast<unsigned char>(text[i - 1])) || text[i - 1] == '(' ||
                           text[i - 1] == ',' || text[i - 1] == '"' || text[i - 1] == '`' || text[i - 1] == '/';
        size_t end = i;
        while (end < text.size() && is_word_char(text[end])) ++end;
        if (!starts_word || end == i) {
            i = std::max(end, i + 1);
            continue;
        }
        std::string_view word = text.substr(i, end - i);
        size_t dashes = word.find_first_not_of('-');
        bool dashed = (dashes == 1 || dashes == 2) && std::isalnum(static_cast<unsigned char>(word[dashes]));
        bool setting = end < text.size() && text[end] == '=' && std::isupper(static_cast<unsigned char>(word[0]));
        if (dashed) push_unique(out, std::string(word));
        else if (setting) push_unique(out, std::string(word) + "=");
        i = end;
    }
    return out;
}

QuestionTerms question_terms(std::string_view question, Analyzer& analyzer) {
    QuestionTerms q;
    std::vector<std::string> shaping = analyzer.terms(kQuestionWords);
    for (std::string& term : analyzer.terms(question)) {
        if (std::find(shaping.begin(), shaping.end(), term) == shaping.end()) push_unique(q.terms, std::move(term));
    }
    q.options = options_in(question);
    return q;
}

}  // namespace rag
