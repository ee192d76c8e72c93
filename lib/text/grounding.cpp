// SPDX-License-Identifier: MIT
// Grounding: each answer sentence's best support among the passages, and the issues a reader should see.
#include "lib/text/grounding.h"

#include <algorithm>
#include <cstdint>
#include <unordered_map>

#include "lib/text/relevance.h"

namespace rag {
namespace {

using TermId = uint32_t;
using Pair = uint64_t;

constexpr int kMaxCitation = 1'000'000;  // larger numbers are kept at this value
constexpr int kMaxRange = 50;            // "[1-3]" expands; longer ranges keep their ends

struct Citation {
    size_t begin = 0, end = 0;  // "[...]" in the answer
    std::vector<int> numbers;
};

class Interner {
public:
    TermId id(const std::string& term) {
        return ids_.try_emplace(term, static_cast<TermId>(ids_.size())).first->second;
    }

private:
    std::unordered_map<std::string, TermId> ids_;
};

Pair pair_of(TermId a, TermId b) { return (Pair{a} << 32) | b; }

template <typename T>
void sort_unique(std::vector<T>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

// The distinct terms and adjacent term pairs of a passage or a sentence.
struct Bag {
    std::vector<TermId> terms;
    std::vector<Pair> pairs;

    explicit Bag(const std::vector<TermId>& seq) : terms(seq) {
        for (size_t i = 1; i < seq.size(); ++i) pairs.push_back(pair_of(seq[i - 1], seq[i]));
        sort_unique(terms);
        sort_unique(pairs);
    }
};

template <typename T>
double share_in(const std::vector<T>& mine, const std::vector<T>& theirs) {
    size_t found = 0;
    for (const T& x : mine) found += std::binary_search(theirs.begin(), theirs.end(), x);
    return static_cast<double>(found) / static_cast<double>(mine.size());
}

double support_in(const Bag& sentence, const Bag& passage, double phrase_weight) {
    double words = share_in(sentence.terms, passage.terms);
    if (sentence.pairs.empty()) return words;
    return (1 - phrase_weight) * words + phrase_weight * share_in(sentence.pairs, passage.pairs);
}

// Parses "[1]", "[1, 3]", "[2-4]" at `open`; false when it is not a citation.
bool parse_citation(std::string_view s, size_t open, Citation& c) {
    c = Citation{open, open, {}};
    int number = -1, range_from = -1;
    auto close_number = [&] {
        if (number < 0) return;
        if (range_from >= 0 && number >= range_from && number - range_from <= kMaxRange) {
            for (int n = range_from + 1; n < number; ++n) c.numbers.push_back(n);
        }
        c.numbers.push_back(number);
        number = -1;
    };
    for (size_t i = open + 1; i < s.size(); ++i) {
        char ch = s[i];
        if (ch >= '0' && ch <= '9') {
            number = std::min(kMaxCitation, (number < 0 ? 0 : number * 10) + (ch - '0'));
        } else if (ch == ',' || ch == ';' || ch == ' ') {
            close_number();
            range_from = -1;
        } else if (ch == '-' && number >= 0) {
            c.numbers.push_back(number);
            range_from = number;
            number = -1;
        } else if (ch == ']') {
            close_number();
            c.end = i + 1;
            return !c.numbers.empty();
        } else {
            return false;
        }
    }
    return false;
}

std::vector<Citation> find_citations(std::string_view answer) {
    std::vector<Citation> out;
    Citation c;
    for (size_t i = answer.find('['); i != std::string_view::npos; i = answer.find('[', i + 1)) {
        if (parse_citation(answer, i, c)) out.push_back(c);
    }
    return out;
}

// An answer sentence as the checker sees it: its content terms and citations.
struct Draft {
    Span span;
    std::vector<TermId> terms;
    std::vector<int> citations;
};

bool inside(const std::vector<Citation>& cites, const Token& t) {
    for (const Citation& c : cites)
        if (t.begin >= c.begin && t.end <= c.end) return true;
    return false;
}

std::vector<Draft> draft_sentences(std::string_view answer, Analyzer& analyzer, Interner& interner) {
    std::vector<Citation> cites = find_citations(answer);
    std::vector<Token> tokens = analyzer.tokens(answer);
    std::vector<Draft> drafts;
    size_t t = 0, c = 0;
    for (Span span : split_sentences(answer)) {
        Draft d{span, {}, {}};
        size_t first_word = span.end;
        for (; t < tokens.size() && tokens[t].begin < span.end; ++t) {
            if (tokens[t].begin < span.begin || inside(cites, tokens[t])) continue;
            first_word = std::min(first_word, tokens[t].begin);
            if (!tokens[t].term.empty()) d.terms.push_back(interner.id(tokens[t].term));
        }
        for (; c < cites.size() && cites[c].begin < span.end; ++c) {
            // "Text. [1] More." : a citation that opens a sentence closes the one before.
            bool leading = cites[c].begin < first_word && !drafts.empty();
            std::vector<int>& to = leading ? drafts.back().citations : d.citations;
            to.insert(to.end(), cites[c].numbers.begin(), cites[c].numbers.end());
        }
        drafts.push_back(std::move(d));
    }
    return drafts;
}

std::vector<Bag> passage_bags(const std::vector<std::string_view>& passages, Analyzer& analyzer, Interner& interner) {
    std::vector<Bag> bags;
    bags.reserve(passages.size());
    std::vector<TermId> seq;
    for (std::string_view p : passages) {
        seq.clear();
        for (const Token& t : analyzer.tokens(p))
            if (!t.term.empty()) seq.push_back(interner.id(t.term));
        bags.emplace_back(seq);
    }
    return bags;
}

std::string cite_list(const std::vector<int>& numbers) {
    std::string s;
    for (int n : numbers) s += "[" + std::to_string(n) + "]";
    return s;
}

// Adds the issues of one sentence: citations to nowhere, no support, support elsewhere.
void sentence_issues(std::string_view answer, const SentenceSupport& s, const std::vector<double>& by_passage,
                     const GroundingOptions& o, std::vector<int>& reported, std::vector<std::string>& issues) {
    int n_passages = static_cast<int>(by_passage.size());
    std::vector<int> valid;
    for (int n : s.citations) {
        if (n >= 1 && n <= n_passages) {
            valid.push_back(n);
            continue;
        }
        if (std::find(reported.begin(), reported.end(), n) != reported.end()) continue;
        reported.push_back(n);
        issues.push_back("citation [" + std::to_string(n) + "] points to no passage (there " +
                         (n_passages == 1 ? "is 1" : "are " + std::to_string(n_passages)) + ")");
    }
    if (s.weight == 0) return;
    std::string_view text = answer.substr(s.span.begin, s.span.end - s.span.begin);
    if (s.support < o.min_support) {
        issues.push_back("unsupported: " + quote_trimmed(text, o.quote_bytes));
        return;
    }
    double cited = 0;
    for (int n : valid) cited = std::max(cited, by_passage[static_cast<size_t>(n - 1)]);
    sort_unique(valid);
    if (!valid.empty() && cited < o.min_support) {
        issues.push_back(quote_trimmed(text, o.quote_bytes) + " cites " + cite_list(valid) + " but is supported by [" +
                         std::to_string(s.passage + 1) + "]");
    }
}

}  // namespace

std::string quote_trimmed(std::string_view s, size_t max_bytes) {
    std::string out = "\"";
    size_t cut = std::min(s.size(), max_bytes);
    while (cut > 0 && cut < s.size() && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    for (char c : s.substr(0, cut)) out.push_back(c == '\n' || c == '\t' || c == '\r' ? ' ' : c);
    if (cut < s.size()) out += "…";
    return out + "\"";
}

Grounding check_grounding(std::string_view answer, const std::vector<std::string_view>& passages, Analyzer& analyzer,
                          const GroundingOptions& options) {
    Grounding g;
    Interner interner;
    std::vector<Bag> bags = passage_bags(passages, analyzer, interner);
    std::vector<Draft> drafts = draft_sentences(answer, analyzer, interner);
    if (drafts.empty()) {
        g.issues.emplace_back("empty answer");
        return g;
    }
    double weighted = 0, total = 0;
    bool cites_any = false;
    std::vector<int> reported;
    std::vector<double> by_passage(bags.size());
    for (Draft& d : drafts) {
        SentenceSupport s{d.span, 0, 0, -1, std::move(d.citations)};
        cites_any |= !s.citations.empty();
        if (!d.terms.empty()) {
            Bag bag(d.terms);
            s.weight = bag.terms.size();
            for (size_t p = 0; p < bags.size(); ++p) {
                by_passage[p] = support_in(bag, bags[p], options.phrase_weight);
                if (by_passage[p] > s.support) {
                    s.support = by_passage[p];
                    s.passage = static_cast<int>(p);
                }
            }
            weighted += s.support * static_cast<double>(s.weight);
            total += static_cast<double>(s.weight);
        }
        sentence_issues(answer, s, by_passage, options, reported, g.issues);
        g.sentences.push_back(std::move(s));
    }
    if (total == 0) g.issues.emplace_back("the answer has no words to check");
    if (!cites_any && !passages.empty()) g.issues.emplace_back("the answer cites no passage");
    g.score = g.support = total > 0 ? weighted / total : 0;
    g.accepted = g.score >= options.min_score;
    return g;
}

namespace {

// Half the answer's relevance as a whole, half its best sentence's: three
// sentences that each hold one of the question's words do not address it as
// one sentence that holds them all does.
double addressed(std::string_view question, std::string_view answer, const std::vector<SentenceSupport>& sentences,
                 const std::vector<std::string_view>& passages, Analyzer& analyzer) {
    double whole = answer_relevance(question, answer, passages, analyzer), best = 0;
    for (const SentenceSupport& s : sentences)
        best = std::max(best, answer_relevance(question, answer.substr(s.span.begin, s.span.end - s.span.begin),
                                               passages, analyzer));
    return (whole + best) / 2;
}

}  // namespace

Grounding check_answer(std::string_view question, std::string_view answer,
                       const std::vector<std::string_view>& passages, Analyzer& analyzer,
                       const GroundingOptions& options) {
    Grounding g = check_grounding(answer, passages, analyzer, options);
    g.answered = !is_refusal(answer, analyzer);
    if (!g.answered) g.issues = {"the answer says the passages do not answer the question"};
    g.relevance = g.answered ? addressed(question, answer, g.sentences, passages, analyzer) : 0;
    bool addresses = g.relevance >= options.min_relevance;
    if (g.answered && !addresses) g.issues.push_back("the answer does not address the question");
    // Half of the score is support alone: relevance counts words, so a faithful
    // answer that words the question its own way still scores.
    g.score = g.answered ? g.support * (0.5 + 0.5 * g.relevance) : 0;
    g.accepted = g.answered && addresses && g.score >= options.min_score;
    return g;
}

}  // namespace rag
