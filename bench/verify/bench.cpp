// SPDX-License-Identifier: MIT
// Times check_grounding (a 300-word answer against 5 passages of 300 words) and extractive_answer.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "lib/backends/extractive.h"
#include "lib/text/grounding.h"

namespace {

const char* const kWords[] = {
    "index",      "retrieval",  "ranking",  "document",   "query",    "term",     "frequency", "passage",
    "answer",     "model",      "stream",   "token",      "cache",    "session",  "memory",    "reader",
    "writer",     "database",   "search",   "engine",     "length",   "average",  "score",     "relevance",
    "collection", "statistics", "the",      "of",         "and",      "a",        "to",        "in",
    "is",         "that",       "for",      "with",       "as",       "by",       "on",        "are",
    "compressed", "postings",   "inverted", "lexicon",    "stemming", "analysis", "sentence",  "citation",
    "server",     "client",     "latency",  "throughput", "pipeline", "filter",   "event",     "process"};

struct Rng {
    unsigned long long s = 42;
    size_t next(size_t n) {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return (s >> 33) % n;
    }
};

// About `words` words of pseudo-English in sentences of 8 to 24 words.
std::string text(Rng& rng, size_t words) {
    std::string out;
    size_t in_sentence = 0, target = 8 + rng.next(17);
    for (size_t i = 0; i < words; ++i) {
        std::string w = kWords[rng.next(std::size(kWords))];
        if (in_sentence == 0) w[0] = static_cast<char>(w[0] - 'a' + 'A');
        out += w;
        if (++in_sentence == target || i + 1 == words) {
            out += ". ";
            in_sentence = 0;
            target = 8 + rng.next(17);
        } else out += ' ';
    }
    return out;
}

template <typename F>
void time_it(const char* name, int iterations, F&& f) {
    std::vector<double> us;
    for (int i = 0; i < iterations; ++i) {
        auto t0 = std::chrono::steady_clock::now();
        f();
        us.push_back(std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(us.begin(), us.end());
    std::printf("%-44s %8.1f %8.1f %8.1f %10.0f\n", name, us[us.size() / 2], us[us.size() * 99 / 100], us.front(),
                1e6 / us[us.size() / 2]);
}

}  // namespace

int main(int argc, char** argv) {
    int iterations = argc > 1 ? std::atoi(argv[1]) : 2000;
    Rng rng;
    std::vector<rag::Passage> passages;
    std::vector<std::string_view> texts;
    for (int i = 0; i < 5; ++i) passages.push_back({"p" + std::to_string(i), "", text(rng, 300)});
    for (const rag::Passage& p : passages) texts.push_back(p.text);
    // A faithful 300-word answer: sentences of the passages with citations, in turn.
    std::string answer;
    for (size_t i = 0, words = 0; words < 300; ++i) {
        const std::string& t = passages[i % 5].text;
        std::vector<rag::Span> spans = rag::split_sentences(t);
        rag::Span s = spans[(i / 5) % spans.size()];
        std::string sentence = t.substr(s.begin, s.end - s.begin - 1) + " [" + std::to_string(i % 5 + 1) + "]. ";
        words += static_cast<size_t>(std::count(sentence.begin(), sentence.end(), ' '));
        answer += sentence;
    }
    rag::Analyzer analyzer;
    rag::Grounding g = rag::check_grounding(answer, texts, analyzer);
    std::string extract = rag::extractive_answer("ranking relevance of a document to a query", passages, analyzer);
    std::printf("answer %zu bytes, %zu sentences, score %.3f; extractive answer %zu bytes\n\n", answer.size(),
                g.sentences.size(), g.score, extract.size());
    std::printf("%-44s %8s %8s %8s %10s\n", "operation (5 passages x 300 words)", "p50 us", "p99 us", "min us",
                "ops/s");
    time_it("check_grounding, 300-word answer", iterations,
            [&] { return rag::check_grounding(answer, texts, analyzer).score; });
    time_it("extractive_answer", iterations,
            [&] { return rag::extractive_answer("ranking relevance of a document to a query", passages, analyzer); });
    time_it("  of which: analyser over 1800 words", iterations, [&] {
        size_t n = analyzer.tokens(answer).size();
        for (std::string_view t : texts) n += analyzer.tokens(t).size();
        return n;
    });
    return 0;
}
