// SPDX-License-Identifier: MIT
// The offline extractive answer: BM25 over the passages' sentences, MMR, citations.
#include "lib/backends/extractive.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>

#include "lib/backends/answer_cues.h"
#include "lib/text/candidates.h"
#include "lib/text/question.h"
#include "lib/text/synonyms.h"

namespace rag {
namespace {

constexpr double kK1 = 1.2, kB = 0.75;  // BM25's usual constants
constexpr double kRankPrior = 0.1;      // passage n (0-based) weighs 1 / (1 + 0.1 n)
constexpr double kDuplicate = 0.7;      // cosine over which a sentence repeats one picked
// Answer-likeness weights (bench/answers tunes them).
constexpr double kOptionEntry = 1.6;    // an option's line and description
constexpr double kNamedOption = 2.0;    // holds an option the question names
constexpr double kDefinition = 1.2;     // "X is a ..."
constexpr double kValue = 1.5;          // a number or a default, for a question that asks one
constexpr double kNamedDocument = 2.0;  // its passage's document is the one the question names ("in less")
constexpr double kExample = 0.4;        // a command example: it shows an option, the option's entry says it

using TermId = uint32_t;

struct Sentence {
    size_t passage = 0, begin = 0, end = 0;  // span in the passage's text
    std::vector<TermId> terms;               // content terms in order (with repeats)
    std::vector<TermId> set;                 // sorted, unique
    size_t words = 0;                        // every word, stop words included
    size_t length = 0;                       // content terms in the quoted span (BM25's length)
    bool option = false;                     // an option entry (its line and description)
    Span entry;                              // a later sentence of an option entry: the entry's option line
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

// Splits every passage into answer candidates and gives each the term ids of
// its scope; one analyser pass per passage, tokens assigned by offset.
std::vector<Sentence> split_passages(const std::vector<Passage>& passages, Analyzer& analyzer, Interner& interner) {
    std::vector<Sentence> out;
    for (size_t p = 0; p < passages.size(); ++p) {
        std::string_view text = passages[p].text;
        std::vector<Token> tokens = analyzer.tokens(text);
        for (const Candidate& c : answer_candidates(text)) {
            Sentence s;
            s.passage = p, s.begin = c.span.begin, s.end = c.span.end, s.option = c.option, s.entry = c.entry;
            auto t = std::lower_bound(tokens.begin(), tokens.end(), c.scope.begin,
                                      [](const Token& token, size_t at) { return token.begin < at; });
            for (; t != tokens.end() && t->end <= c.scope.end; ++t) {
                bool quoted = t->end <= c.span.end;
                s.words += quoted;
                if (t->term.empty()) continue;
                s.terms.push_back(interner.id(t->term));
                s.length += quoted;
            }
            s.set = s.terms;
            std::sort(s.set.begin(), s.set.end());
            s.set.erase(std::unique(s.set.begin(), s.set.end()), s.set.end());
            out.push_back(std::move(s));
        }
    }
    return out;
}

struct QueryTerm {
    TermId id;
    double weight;  // its count in the question (a search text repeats words by weight)
};

struct QueryTerms {
    std::vector<QueryTerm> found;               // distinct terms that occur in the passages
    double found_weight = 0, asked_weight = 0;  // of those, and of every key term of the question
    std::vector<std::string> options;           // the options it names ("-L", "Accept=")
    bool wants_value = false;                   // it asks for a number or a default
    std::string lowered;                        // the question in lower case
};

QueryTerms query_terms(std::string_view query, Analyzer& analyzer, const Interner& interner) {
    QuestionTerms question = question_terms(query, analyzer);
    std::vector<std::string> all = analyzer.terms(query);
    QueryTerms q;
    for (const std::string& term : question.terms) {
        double weight = static_cast<double>(std::count(all.begin(), all.end(), term));
        q.asked_weight += weight;
        bool found = false;  // the term or a synonym: the question is covered once either way
        for (const std::string& alternative : with_synonyms(term, analyzer)) {
            const TermId* id = interner.find(alternative);
            if (!id) continue;
            q.found.push_back({*id, weight});
            found = true;
        }
        if (found) q.found_weight += weight;
    }
    q.options = std::move(question.options);
    q.lowered = lowered(query);
    q.wants_value = asks_for_value(q.lowered);
    return q;
}

// BM25 with each sentence as a document of the collection "these passages".
void score(std::vector<Sentence>& sentences, const std::vector<QueryTerm>& query) {
    double n = static_cast<double>(sentences.size()), total = 0;
    for (const Sentence& s : sentences) total += static_cast<double>(s.length);
    double avg = std::max(1.0, total / std::max(1.0, n));
    size_t n_passages = sentences.empty() ? 0 : sentences.back().passage + 1;
    std::vector<double> cover(n_passages, 0.0);  // weighted idf of the query terms each passage holds
    double all = 0;
    for (auto [q, weight] : query) {
        double df = 0;
        for (const Sentence& s : sentences) df += std::binary_search(s.set.begin(), s.set.end(), q);
        if (df == 0) continue;
        double idf =
            weight * std::log(1 + (n - df + 0.5) / (df + 0.5));  // weighted by the term's count in the question
        all += idf;
        size_t last = SIZE_MAX;
        for (Sentence& s : sentences) {
            double tf = static_cast<double>(std::count(s.terms.begin(), s.terms.end(), q));
            if (tf == 0) continue;
            double len = static_cast<double>(s.length);
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

std::string_view quoted(const std::vector<Passage>& passages, size_t passage, Span span) {
    return std::string_view(passages[passage].text).substr(span.begin, span.end - span.begin);
}

bool holds_any(const std::vector<std::string>& mine, const std::vector<std::string>& wanted) {
    for (const std::string& w : wanted)
        if (std::find(mine.begin(), mine.end(), w) != mine.end()) return true;
    return false;
}

// Answer-likeness: an option entry answers "how do I ..." (the question's own
// option above all), a definition answers "what is", a value "how many".
void weigh_answer_likeness(std::vector<Sentence>& sentences, const std::vector<Passage>& passages,
                           const QueryTerms& q) {
    std::vector<bool> named(passages.size());
    for (size_t p = 0; p < passages.size(); ++p) named[p] = names_document(q.lowered, document_name(passages[p].title));
    for (Sentence& s : sentences) {
        std::string_view text = quoted(passages, s.passage, {s.begin, s.end});
        double weight = 1;
        if (named[s.passage]) weight *= kNamedDocument;
        if (s.option) weight *= kOptionEntry;
        else if (is_example(text)) weight *= kExample;
        std::string_view head = quoted(passages, s.passage, s.entry);
        if (!q.options.empty() && (holds_any(options_in(text), q.options) || holds_any(options_in(head), q.options)))
            weight *= kNamedOption;
        if (is_definition(text)) weight *= kDefinition;
        if (q.wants_value && holds_value(text)) weight *= kValue;
        s.relevance *= weight;
    }
}

double cosine(const Sentence& a, const Sentence& b) {
    if (a.set.empty() || b.set.empty()) return 0;
    size_t common = 0;
    for (auto i = a.set.begin(), j = b.set.begin(); i != a.set.end() && j != b.set.end();) {
        if (*i < *j) ++i;
        else if (*j < *i) ++j;
        else {
            ++common;
            ++i;
            ++j;
        }
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
            if (value > next_value) {
                next = &s;
                next_value = value;
            }  // first wins ties
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

std::string clean(std::string_view s, size_t max_words);

// A follow-up's answer says something new: the sentences an earlier answer
// quoted are left out ("and into another directory?" after "-x, --extract").
void drop_said(std::vector<Sentence>& sentences, const std::vector<Passage>& passages, const ExtractiveOptions& o) {
    for (Sentence& s : sentences) {
        std::string text = clean(quoted(passages, s.passage, {s.begin, s.end}), o.max_words);
        if (!text.empty() && text.back() == '.') text.pop_back();  // the citation goes before the stop
        if (text.size() > 20 && o.said.find(text) != std::string_view::npos) s.relevance = 0;
    }
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Length of a Markdown mark that opens `s` ("# ", "## ", "- ", "* ", "> "), else 0;
// "-L" is an option, not a list mark.
size_t leading_mark(std::string_view s) {
    size_t n = s.find_first_not_of(s.empty() ? '#' : s.front());
    bool mark = !s.empty() &&
                (s.front() == '#' ? n != 0 : n == 1 && (s.front() == '-' || s.front() == '*' || s.front() == '>'));
    return mark && n < s.size() && is_space(s[n]) ? n : 0;
}

// The sentence with runs of white space made one space, leading Markdown
// marks dropped, and at most `max_words` words.
std::string clean(std::string_view s, size_t max_words) {
    for (size_t n; (n = leading_mark(s)) > 0;) {
        s.remove_prefix(n);
        while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    }
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
        if (sentence.size() > mark.size() && sentence.ends_with(mark)) {
            stop -= mark.size();
            break;
        }
    }
    if (stop < sentence.size() && stop > 0 && sentence[stop - 1] == '.') stop = sentence.size();  // "..."
    sentence.insert(stop, cite);
    if (!answer.empty()) answer.push_back(' ');
    answer += sentence;
}

}  // namespace

std::string extractive_answer(std::string_view query, const std::vector<Passage>& passages, Analyzer& analyzer,
                              const ExtractiveOptions& options) {
    Interner interner;
    std::vector<Sentence> sentences = split_passages(passages, analyzer, interner);
    QueryTerms q = query_terms(query, analyzer, interner);
    // Passages that hold too little of the question do not answer it, however
    // well one shared word matches ("boiling point of tungsten" vs "point").
    if (q.found.empty() || q.found_weight < options.min_coverage * q.asked_weight) return std::string(kNoAnswer);
    score(sentences, q.found);
    weigh_answer_likeness(sentences, passages, q);
    std::vector<const Sentence*> picked;
    std::vector<Sentence> unsaid;  // the sentences an earlier answer did not quote
    if (!options.said.empty()) {
        unsaid = sentences;
        drop_said(unsaid, passages, options);
        picked = pick(unsaid, options);
    }
    // Asked again, or nothing new to say: the earlier answer stands, rather than a refusal.
    if (picked.empty()) picked = pick(sentences, options);
    if (picked.empty()) return std::string(kNoAnswer);
    std::string answer;
    for (const Sentence* s : picked) {
        std::string sentence = clean(quoted(passages, s->passage, {s->begin, s->end}), options.max_words);
        // A sentence from inside an option's description names the option,
        // unless the entry itself is quoted too.
        bool entry_picked = std::any_of(picked.begin(), picked.end(), [&](const Sentence* o) {
            return o->passage == s->passage && o->begin == s->entry.begin;
        });
        if (s->entry.end > s->entry.begin && !entry_picked) {
            std::string head = clean(quoted(passages, s->passage, s->entry), options.max_words);
            sentence = head + (head.ends_with(':') ? " " : ": ") + sentence;  // "--raw-output / -r:"
        }
        append_cited(answer, std::move(sentence), s->passage + 1);
    }
    return answer;
}

std::string extractive_answer(std::string_view query, const std::vector<Passage>& passages, Analyzer& analyzer) {
    return extractive_answer(query, passages, analyzer, ExtractiveOptions{});
}

}  // namespace rag
