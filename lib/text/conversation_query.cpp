// SPDX-License-Identifier: MIT
// The search text of a conversation's turn: question words repeated by weight, history words once per weight.
#include "lib/text/conversation_query.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace rag {
namespace {

// The terms of a search in order of first appearance, each with its weight
// and one original word that analyses to it.
class WeightedTerms {
public:
    /// Each occurrence of a question's term adds `weight`.
    void add_question(std::string_view text, int weight, Analyzer& analyzer) {
        for (const Token& t : analyzer.tokens(text))
            if (!t.term.empty()) entry(text, t).count += weight;
    }

    /// A history term the question lacks weighs the most any turn gives it.
    void add_history(std::string_view text, int weight, Analyzer& analyzer) {
        for (const Token& t : analyzer.tokens(text)) {
            if (t.term.empty()) continue;
            Entry& e = entry(text, t);
            if (e.count == 0) e.fixed = std::max(e.fixed, weight);
        }
    }

    std::string text() const {
        std::string out;
        for (const Entry& e : terms_) {
            for (int i = 0, n = e.count > 0 ? e.count : e.fixed; i < n; ++i) {
                if (!out.empty()) out.push_back(' ');
                out += e.word;
            }
        }
        return out;
    }

private:
    struct Entry {
        std::string word;
        int count = 0;  // the question's weight times its occurrences; 0 for a history term
        int fixed = 0;  // a history term's weight: the most any turn gives it
    };

    Entry& entry(std::string_view text, const Token& t) {
        auto [it, fresh] = index_.try_emplace(t.term, terms_.size());
        if (fresh) terms_.push_back({std::string(text.substr(t.begin, t.end - t.begin))});
        return terms_[it->second];
    }

    std::vector<Entry> terms_;
    std::unordered_map<std::string, size_t> index_;
};

}  // namespace

std::string conversation_search_text(const Request& request, Analyzer& analyzer, const ConversationWeights& weights) {
    if (request.history.empty() || weights.turns <= 0) return request.query;
    WeightedTerms terms;
    terms.add_question(request.query, weights.question, analyzer);
    const auto& history = request.history;
    size_t first = history.size() > static_cast<size_t>(weights.turns) ? history.size() - weights.turns : 0;
    bool last_user_seen = false;
    for (size_t i = history.size(); i-- > first;) {
        bool last_user = !last_user_seen && history[i].role == "user";
        last_user_seen |= last_user;
        terms.add_history(history[i].content, last_user ? weights.last_user : weights.history, analyzer);
    }
    return terms.text();
}

}  // namespace rag
