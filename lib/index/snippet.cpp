// SPDX-License-Identifier: MIT
// Sliding-window snippet selection over analysed tokens.
#include "lib/index/snippet.h"

#include <unordered_map>

namespace rag::index {

std::string best_snippet(Analyzer& analyzer, std::string_view text,
                         const std::vector<std::pair<std::string, double>>& query_terms, size_t words) {
    std::vector<Token> tokens = analyzer.tokens(text);
    if (tokens.empty()) return std::string(text.substr(0, 200));
    std::unordered_map<std::string_view, double> weight;
    for (const auto& [t, w] : query_terms) weight[t] = w > 0 ? w : 1e-6;
    std::unordered_map<std::string_view, int> inside;  // query terms in the window, with counts
    size_t n = std::min(words, tokens.size());
    double score = 0, best = -1;
    size_t best_start = 0;
    auto enter = [&](const Token& t, int d) {
        auto it = weight.find(t.term);
        if (it == weight.end()) return;
        int& c = inside[it->first];
        if (d > 0 && c++ == 0) score += it->second;
        if (d < 0 && --c == 0) score -= it->second;
    };
    for (size_t i = 0; i < tokens.size(); ++i) {
        enter(tokens[i], +1);
        if (i >= n) enter(tokens[i - n], -1);
        if (i + 1 >= n && score > best + 1e-12) {
            best = score;
            best_start = i + 1 - n;
        }
    }
    size_t begin = best_start == 0 ? 0 : tokens[best_start].begin;
    size_t last = best_start + n - 1;
    size_t end = last + 1 == tokens.size() ? text.size() : tokens[last].end;
    std::string out;
    if (begin > 0) out += "…";
    std::string_view body = text.substr(begin, end - begin);
    for (char c : body) {  // one line, single spaces
        bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
        if (!space) out += c;
        else if (!out.empty() && out.back() != ' ') out += ' ';
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (end < text.size()) out += "…";
    return out;
}

}  // namespace rag::index
