// SPDX-License-Identifier: MIT
// The offline extractive answer: BM25 over the passages' sentences, MMR, citations.
#include "lib/backends/extractive.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstddef>
#include <string>
#include <unordered_map>

namespace rag {
namespace {

constexpr double kK1 = 1.2, kB = 0.75;   // BM25's usual constants
constexpr double kRankPrior = 0.1;       // passage n (0-based) weighs 1 / (1 + 0.1 n)
constexpr double kDuplicate = 0.7;       // cosine over which a sentence repeats one picked

using TermId = uint32_t;

struct Sentence {
    size_t passage = 0, begin = 0, end = 0;   // span in the passage's text
    std::vector<TermId> terms;                // content terms in order (with repeats)
    std::vector<TermId> set;                  // sorted, unique
    size_t words = 0;                         // every word, stop words included
    double relevance = 0;
};

class Interner {
public:
    TermId id(const std::string& term) {
        auto [it, fresh] = ids_.try_emplace(term, static_cast<TermId>(ids_.size()));
        return it->second;
    }
    const TermId* find(const std::string& term) const {
        auto it = ids_.find(term);
        return it == ids_.end() ? nullptr : &it->second;
    }

private:
    std::unordered_map<std::string, TermId> ids_;
};

// Splits every passage into sentences and gives each its term ids; one
// analyser pass per passage, tokens assigned to sentences by offset.
std::vector<Sentence> split_passages(const std::vector<Passage>& passages, Analyzer& analyzer,
                                     Interner& interner) {
    std::vector<Sentence> out;
    for (size_t p = 0; p < passages.size(); ++p) {
        std::string_view text = passages[p].text;
        std::vector<Token> tokens = analyzer.tokens(text);
        size_t t = 0;
        for (Span span : split_sentences(text)) {
            Sentence s;
            s.passage = p, s.begin = span.begin, s.end = span.end;
            bool heading = text[span.begin] == '#';   // a Markdown heading names, it does not answer
            while (t < tokens.size() && tokens[t].begin < span.begin) ++t;
            for (; t < tokens.size() && tokens[t].end <= span.end; ++t) {
                if (!heading) ++s.words;
                if (!tokens[t].term.empty()) s.terms.push_back(interner.id(tokens[t].term));
            }
            s.set = s.terms;
            std::sort(s.set.begin(), s.set.end());
            s.set.erase(std::unique(s.set.begin(), s.set.end()), s.set.end());
            out.push_back(std::move(s));
        }
    }
    return out;
}

// Words that shape a question but are not what it asks about; the index's
// stop list keeps some of them ("how", "do"), which must not match a sentence.
constexpr std::string_view kQuestionWords =
    "how do does did what which who whom whose why when where can could would should tell explain describe";

struct QueryTerms {
    std::vector<TermId> found;   // distinct terms that occur in the passages
    size_t asked = 0;            // distinct terms of the question, question words aside
};

QueryTerms query_terms(std::string_view query, Analyzer& analyzer, const Interner& interner) {
    std::vector<std::string> question = analyzer.terms(kQuestionWords);
    std::vector<std::string> asked;
    QueryTerms q;
    for (const std::string& term : analyzer.terms(query)) {
        if (std::find(question.begin(), question.end(), term) != question.end()) continue;
        if (std::find(asked.begin(), asked.end(), term) != asked.end()) continue;
        asked.push_back(term);
        if (const TermId* id = interner.find(term)) q.found.push_back(*id);
    }
    q.asked = asked.size();
    std::sort(q.found.begin(), q.found.end());
    return q;
}

// BM25 with each sentence as a document of the collection "these passages".
void score(std::vector<Sentence>& sentences, const std::vector<TermId>& query) {
    double n = static_cast<double>(sentences.size()), total = 0;
    for (const Sentence& s : sentences) total += static_cast<double>(s.terms.size());
    double avg = std::max(1.0, total / std::max(1.0, n));
    size_t n_passages = sentences.empty() ? 0 : sentences.back().passage + 1;
    std::vector<double> cover(n_passages, 0.0);   // idf of the query terms each passage holds
    double all = 0;
    for (TermId q : query) {
        double df = 0;
        for (const Sentence& s : sentences) df += std::binary_search(s.set.begin(), s.set.end(), q);
        if (df == 0) continue;
        double idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
        all += idf;
        size_t last = SIZE_MAX;
        for (Sentence& s : sentences) {
            double tf = static_cast<double>(std::count(s.terms.begin(), s.terms.end(), q));
            if (tf == 0) continue;
            double len = static_cast<double>(s.terms.size());
            s.relevance += idf * tf * (kK1 + 1) / (tf + kK1 * (1 - kB + kB * len / avg));
            if (s.passage != last) cover[s.passage] += idf, last = s.passage;
        }
    }
    // A sentence is worth more in a passage that holds more of the question
    // (squared, so that one shared word does not pull in an off-topic
    // passage), and in a higher-ranked passage.
    for (Sentence& s : sentences) {
        double share = all > 0 ? cover[s.passage] / all : 0;
        s.relevance *= share * share;
        s.relevance /= 1 + kRankPrior * static_cast<double>(s.passage);
    }
}

double cosine(const Sentence& a, const Sentence& b) {
    if (a.set.empty() || b.set.empty()) return 0;
    size_t common = 0;
    for (auto i = a.set.begin(), j = b.set.begin(); i != a.set.end() && j != b.set.end();) {
        if (*i < *j) ++i;
        else if (*j < *i) ++j;
        else { ++common; ++i; ++j; }
    }
    return static_cast<double>(common) / std::sqrt(static_cast<double>(a.set.size() * b.set.size()));
}

// Maximal marginal relevance: each step takes the sentence whose relevance,
// less its overlap with what is already picked, is highest.
std::vector<const Sentence*> pick(const std::vector<Sentence>& sentences, const ExtractiveOptions& o) {
    double best = 0;
    for (const Sentence& s : sentences)
        if (s.words >= o.min_words) best = std::max(best, s.relevance);
    std::vector<const Sentence*> picked;
    if (best <= 0) return picked;
    size_t words = 0;
    while (picked.size() < o.max_sentences) {
        const Sentence* next = nullptr;
        double next_value = -1e300;
        for (const Sentence& s : sentences) {
            if (s.words < o.min_words || s.relevance < o.min_relative * best) continue;
            if (std::find(picked.begin(), picked.end(), &s) != picked.end()) continue;
            if (!picked.empty() && words + s.words > o.max_words) continue;
            double overlap = 0;
            for (const Sentence* p : picked) overlap = std::max(overlap, cosine(s, *p));
            if (overlap > kDuplicate) continue;
            double value = (1 - o.redundancy) * s.relevance / best - o.redundancy * overlap;
            if (value > next_value) { next = &s; next_value = value; }   // first wins ties
        }
        if (!next) break;
        picked.push_back(next);
        words += next->words;
    }
    std::sort(picked.begin(), picked.end(), [](const Sentence* a, const Sentence* b) {
        return a->passage != b->passage ? a->passage < b->passage : a->begin < b->begin;
    });
    return picked;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// The sentence with runs of white space made one space, leading Markdown
// marks ("# ", "- ", "> ") dropped, and at most `max_words` words.
std::string clean(std::string_view s, size_t max_words) {
    while (!s.empty() && (s.front() == '#' || s.front() == '-' || s.front() == '*' ||
                          s.front() == '>' || is_space(s.front())))
        s.remove_prefix(1);
    std::string out;
    size_t words = 0;
    for (size_t i = 0; i < s.size();) {
        if (is_space(s[i])) {
            while (i < s.size() && is_space(s[i])) ++i;
            if (++words >= max_words) return out + " …";
            out.push_back(' ');
            continue;
        }
        out.push_back(s[i++]);
    }
    return out;
}

// "Text." -> "Text [n]."; the citation goes before the final stop.
void append_cited(std::string& answer, std::string sentence, size_t n) {
    std::string cite = " [" + std::to_string(n) + "]";
    size_t stop = sentence.size();
    for (std::string_view mark : {".", "!", "?", "\u3002", "\uff01", "\uff1f"}) {
        if (sentence.size() > mark.size() && sentence.ends_with(mark)) { stop -= mark.size(); break; }
    }
    if (stop < sentence.size() && stop > 0 && sentence[stop - 1] == '.') stop = sentence.size();   // "..."
    sentence.insert(stop, cite);
    if (!answer.empty()) answer.push_back(' ');
    answer += sentence;
}

}  // namespace

std::string extractive_answer(std::string_view query, const std::vector<Passage>& passages,
                              Analyzer& analyzer, const ExtractiveOptions& options) {
    Interner interner;
    std::vector<Sentence> sentences = split_passages(passages, analyzer, interner);
    QueryTerms q = query_terms(query, analyzer, interner);
    // Passages that hold too little of the question do not answer it, however
    // well one shared word matches ("boiling point of tungsten" vs "point").
    if (q.found.empty() ||
        static_cast<double>(q.found.size()) < options.min_coverage * static_cast<double>(q.asked))
        return std::string(kNoAnswer);
    score(sentences, q.found);
    std::vector<const Sentence*> picked = pick(sentences, options);
    if (picked.empty()) return std::string(kNoAnswer);
    std::string answer;
    for (const Sentence* s : picked) {
        std::string_view text = std::string_view(passages[s->passage].text).substr(s->begin, s->end - s->begin);
        append_cited(answer, clean(text, options.max_words), s->passage + 1);
    }
    return answer;
}

std::string extractive_answer(std::string_view query, const std::vector<Passage>& passages,
                              Analyzer& analyzer) {
    return extractive_answer(query, passages, analyzer, ExtractiveOptions{});
}

}  // namespace rag
