// SPDX-License-Identifier: MIT
// rag-verify: context + tokens + done -> verify (how well the passages support the answer), then done.
#include <cmath>
#include <optional>

#include "lib/core/event.h"
#include "lib/core/filter.h"
#include "lib/core/passages.h"
#include "lib/core/request.h"
#include "lib/core/tool.h"
#include "lib/text/conversation_query.h"
#include "lib/text/grounding.h"

namespace {

struct Options {
    double min_score = 0.5;
    double min_support = 0.5;
    size_t max_answer_bytes = 1u << 20;
    bool reject = false;
    std::string language = rag::AnalyzerOptions{}.language;  // english
    size_t max_line = rag::kDefaultMaxLine;
};

// What a run needs until its `done`: the passage texts and the answer so far.
struct RunState {
    rag::Request request;  // its question and history: what the answer must address
    bool has_context = false;
    std::vector<std::string> passages;
    std::string tokens;
    bool too_long = false;  // the tokens passed --max-answer-bytes; they are no longer kept
};

class Verifier {
public:
    explicit Verifier(const Options& o) : opt_(o) {
        grounding_.min_score = o.min_score;
        grounding_.min_support = o.min_support;
    }

    // A new request starts with no state (cached runs never reach a handler).
    void on_request(const rag::Event& ev, rag::Writer& out) {
        runs_.erase(ev.run);
        runs_[ev.run].request = rag::parse_request(ev);
        out.forward(ev);
    }

    void on_context(const rag::Event& ev, rag::Writer& out) {
        RunState& r = runs_[ev.run];
        rag::Request request = std::move(r.request);
        r = RunState{};
        r.request = std::move(request);
        r.has_context = true;
        for (const rag::PassageView& p : rag::read_passages(ev)) r.passages.emplace_back(p.text);
        out.forward(ev);
    }

    void on_token(const rag::Event& ev, rag::Writer& out) {
        RunState* run = runs_.find(ev.run);
        if (run && !run->too_long) {
            RunState& r = *run;
            std::string_view t = ev.str("t");
            if (r.tokens.size() + t.size() > opt_.max_answer_bytes) {
                r.too_long = true;
                std::string().swap(r.tokens);
            } else {
                r.tokens += t;
            }
        }
        out.forward(ev);
    }

    // The core erases the run's state once done has been handled.
    void on_done(const rag::Event& ev, rag::Writer& out) {
        RunState* run = runs_.find(ev.run);
        if (!run || !run->has_context || ev.flag("cached")) return out.forward(ev);
        RunState r = std::move(*run);
        std::string_view answer;
        bool from_done = !ev.data["answer"].get_string().get(answer);
        if (!from_done) answer = r.tokens;
        if (answer.size() > opt_.max_answer_bytes || (!from_done && r.too_long)) {
            emit_unchecked(ev.run, out);
        } else if (!emit_verify(ev.run, answer, r, out)) {
            return;  // rejected: the error event replaces done
        }
        out.forward(ev);
    }

    // Made on the first answer checked: runs served from the cache need no
    // stemmer, so they do not pay for loading it. Throws std::invalid_argument
    // for an unknown language.
    rag::Analyzer& analyzer() {
        if (!analyzer_) analyzer_.emplace(rag::AnalyzerOptions{.language = opt_.language});
        return *analyzer_;
    }

    rag::RunStore& runs() { return runs_; }

private:
    // Emits verify; false when --reject turned the run into an error.
    bool emit_verify(std::string_view run, std::string_view answer, const RunState& r, rag::Writer& out) {
        std::vector<std::string_view> texts(r.passages.begin(), r.passages.end());
        std::string question = rag::conversation_search_text(r.request, analyzer(), rag::kAddressedWeights);
        rag::Grounding g = rag::check_answer(question, answer, texts, analyzer(), grounding_);
        auto rounded = [](double x) { return std::round(x * 1000) / 1000; };
        double score = rounded(g.score);
        out.emit("verify", run, [&](rag::JsonWriter& w) {
            w.key("score").num(score).key("support").num(rounded(g.support)).key("relevance").num(rounded(g.relevance));
            w.key("answered").boolean(g.answered).key("accepted").boolean(g.accepted).key("issues").begin_array();
            for (const std::string& issue : g.issues) w.str(issue);
            w.end_array();
        });
        if (g.accepted || !opt_.reject) return true;
        out.error(run, "verify",
                  fmt::format("answer rejected: grounding score {:.2f} is below {:.2f}", score, opt_.min_score));
        return false;
    }

    void emit_unchecked(std::string_view run, rag::Writer& out) {
        std::string issue =
            fmt::format("answer not checked: longer than {} bytes (--max-answer-bytes)", opt_.max_answer_bytes);
        out.emit("verify", run, [&](rag::JsonWriter& w) {
            w.key("score").num(0).key("accepted").boolean(false).key("issues").begin_array().str(issue).end_array();
        });
        if (opt_.reject) out.error(run, "verify", "answer rejected: " + issue);
    }

    Options opt_;
    std::optional<rag::Analyzer> analyzer_;
    rag::GroundingOptions grounding_;
    rag::RunTable<RunState> runs_;  // dropped by the core on done, error and cancel
};

}  // namespace

int main(int argc, char** argv) {
    rag::Tool tool{"rag-verify",
                   "Check each answer against its passages: emit verify {score, accepted, issues} before done."};
    Options opt;
    tool.app.add_option("-m,--min-score", opt.min_score, "accept an answer whose score is at least this (0..1)")
        ->check(CLI::Range(0.0, 1.0))
        ->envname("RAG_MIN_SCORE");
    tool.app.add_option("--min-support", opt.min_support, "name a sentence supported less than this (0..1)")
        ->check(CLI::Range(0.0, 1.0));
    tool.app.add_flag("-r,--reject", opt.reject, "turn a rejected answer into an error event after verify");
    tool.app.add_option("--max-answer-bytes", opt.max_answer_bytes, "longest answer checked; longer ones are not")
        ->check(CLI::Range(size_t{1}, size_t{1} << 30))
        ->envname("RAG_MAX_ANSWER_BYTES");
    tool.app.add_option("--language", opt.language, "Snowball stemmer language, or none")->envname("RAG_LANGUAGE");
    tool.app.add_option("--max-line", opt.max_line, "longest input line accepted, in bytes")->envname("RAG_MAX_LINE");
    return tool.run(argc, argv, [&](rag::Writer& out) {
        auto v = std::make_unique<Verifier>(opt);
        try {
            // A language other than the default is checked before the first run;
            // the default (English) is in every build of libstemmer.
            if (opt.language != rag::AnalyzerOptions{}.language) v->analyzer();
        } catch (const std::invalid_argument&) {
            throw rag::Fatal(rag::kExitUsage, "unknown --language '" + opt.language + "'");
        }
        auto table = rag::EventTable::bind(*v, {{"request", &Verifier::on_request},
                                                {"cached", &Verifier::on_request},
                                                {"context", &Verifier::on_context},
                                                {"token", &Verifier::on_token},
                                                {"done", &Verifier::on_done}});
        table.track(v->runs()).skip_cached();
        return rag::run_filter(table, out, {.max_line = opt.max_line});
    });
}
