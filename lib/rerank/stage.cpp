// SPDX-License-Identifier: MIT
// rag-rerank's engine: per-run holding, scoring and rewriting.
#include "lib/rerank/stage.h"

#include <optional>

#include "lib/core/error.h"
#include "lib/core/passages.h"
#include "lib/core/request.h"
#include "lib/index/snippet.h"
#include "lib/rerank/order.h"
#include "lib/rerank/rewrite.h"

namespace rag::rerank {
namespace {

constexpr size_t kSnippetWords = 30;  // as rag-retrieve's default

// A run's query, and the events held until its context is scored.
struct RunState {
    bool has_request = false;
    std::string query;
    int top_k = kDefaultTopK;
    std::vector<std::string> held;  // lines of this run, in order
    int meta_at = -1, sources_at = -1, context_at = -1;
    uint64_t job = 0;    // the client's job while scoring
    uint64_t token = 0;  // tells this scoring's outcome from a stale one
};

// A held line's data object (an empty one when the line is absent or has none).
simdjson::dom::object data_of(simdjson::dom::parser& parser, const std::vector<std::string>& held, int at) {
    simdjson::dom::object data;
    simdjson::dom::element doc;
    if (at >= 0 && !parser.parse(held[static_cast<size_t>(at)]).get(doc) && !doc["data"].get_object().get(data))
        return data;
    if (parser.parse("{}", 2).get_object().get(data)) throw std::logic_error("simdjson cannot parse {}");
    return data;
}

}  // namespace

struct Stage::Impl {
    StageOptions opt;
    Writer& out;
    Client client;
    RunTable<RunState> runs;
    simdjson::dom::parser meta_parser, sources_parser, context_parser;
    std::optional<Analyzer> analyzer;  // for new sources' snippets; made on first use
    uint64_t tokens = 0;
    bool warned = false;  // a failing server is reported once, until it answers again

    Impl(StageOptions o, Writer& w)
        : opt(std::move(o)), out(w), client(opt.client), runs([this](RunState& s) { drop_job(s); }) {}

    void drop_job(RunState& s) {
        if (s.job) client.cancel(s.job);
        s.job = s.token = 0;
    }

    bool holding(const RunState* s) const { return s && !s->held.empty(); }

    void on_request(const Event& ev, Writer&) {
        if (RunState* old = runs.find(ev.run)) release(*old);  // what it held leaves first, as it came
        runs.erase(ev.run);                                     // a new request starts the run over
        RunState& s = runs[ev.run];
        Request r = parse_request(ev);
        s.has_request = true;
        s.query = std::move(r.query);
        s.top_k = r.top_k;
        out.forward(ev);
    }

    // meta and sources are held (a second one, or one after the context, waits in line).
    void hold(const Event& ev, int RunState::*slot) {
        RunState& s = runs[ev.run];
        if (s.job == 0 && s.context_at < 0 && s.*slot < 0) s.*slot = static_cast<int>(s.held.size());
        s.held.emplace_back(ev.line);
    }
    void on_meta(const Event& ev, Writer&) { hold(ev, &RunState::meta_at); }
    void on_sources(const Event& ev, Writer&) { hold(ev, &RunState::sources_at); }

    void on_context(const Event& ev, Writer&) {
        RunState& s = runs[ev.run];
        bool first = s.context_at < 0;
        hold(ev, &RunState::context_at);
        if (first) score(ev, s);
    }

    void score(const Event& ev, RunState& s) {
        std::vector<std::string> docs;
        for (const PassageView& p : read_passages(ev)) docs.emplace_back(p.text);
        uint64_t token = s.token = ++tokens;
        if (!s.has_request || s.query.empty())
            return finish(ev.run, s, Outcome{{}, "no request with a query came before the context", 0, 0});
        s.job = client.start(s.query, std::move(docs), [this, run = std::string(ev.run), token](Outcome&& o) {
            RunState* st = runs.find(run);
            if (st && st->token == token) finish(run, *st, o);
        });
    }

    // Other events of a held run wait behind it; the rest pass.
    void on_other(const Event& ev, Writer&) {
        RunState* s = runs.find(ev.run);
        if (holding(s)) s->held.emplace_back(ev.line);
        else out.forward(ev);
    }

    // done, error, cancel: a held run's events leave as they came, then this one.
    void on_end(const Event& ev, Writer&) {
        if (RunState* s = runs.find(ev.run)) release(*s);
        out.forward(ev);
    }

    void release(RunState& s) {
        drop_job(s);
        for (const std::string& line : s.held) out.append_line(line);
        s.held.clear();
        s.meta_at = s.sources_at = s.context_at = -1;
    }

    void at_end(Writer&) {
        for (auto& [run, s] : runs)
            if (s.job == 0 && holding(&s)) release(s);
    }

    std::string snippet(std::string_view query, std::string_view text) {
        if (!analyzer) analyzer.emplace();
        std::vector<std::pair<std::string, double>> terms;
        for (std::string& t : analyzer->terms(query)) terms.emplace_back(std::move(t), 1.0);
        return index::best_snippet(*analyzer, text, terms, kSnippetWords);
    }

    size_t keep(const RunState& s, size_t n) const {
        if (opt.top_k > 0) return static_cast<size_t>(opt.top_k);
        return s.has_request ? static_cast<size_t>(s.top_k) : n;
    }

    void report(const Outcome& o) {
        if (o.error.empty()) warned = false;
        else if (!warned) warnf("{}: {}; runs pass in retrieval order", opt.client.endpoint, o.error);
        if (!o.error.empty()) warned = true;
    }

    void finish(std::string_view run, RunState& s, const Outcome& o) {
        s.job = s.token = 0;
        report(o);
        simdjson::dom::object context = data_of(context_parser, s.held, s.context_at);
        size_t n = read_count(context), k = keep(s, n);
        Ranking r = o.error.empty() ? Ranking{reranked_order(o.scores, k), o.scores} : Ranking{original_order(n, k), {}};
        Note note{opt.client.model, n, o.requests, o.ms, o.error};
        if (s.meta_at < 0) out.emit_raw("meta", run, meta_data(fresh_meta(run), context, r, note));
        for (size_t i = 0; i < s.held.size(); ++i) {
            int at = static_cast<int>(i);
            if (at == s.meta_at) out.emit_raw("meta", run, meta_data(data_of(meta_parser, s.held, at), context, r, note));
            else if (at == s.sources_at)
                out.emit_raw("sources", run,
                             sources_data(data_of(sources_parser, s.held, at), context, r,
                                          [&](std::string_view text) { return snippet(s.query, text); }));
            else if (at == s.context_at) out.emit_raw("context", run, context_data(context, r));
            else out.append_line(s.held[i]);
        }
        s.held.clear();
        s.meta_at = s.sources_at = s.context_at = -1;
    }

    // The data of a meta for a run that came without one: {"run_id": run}.
    simdjson::dom::object fresh_meta(std::string_view run) {
        std::string json;
        JsonWriter w(json);
        w.begin_object().key("run_id").str(run).end_object();
        simdjson::dom::object data;
        if (meta_parser.parse(json).get_object().get(data)) throw std::logic_error("cannot parse " + json);
        return data;
    }

    static size_t read_count(simdjson::dom::object context) {
        simdjson::dom::array a;
        return context["passages"].get_array().get(a) == simdjson::SUCCESS ? a.size() : 0;
    }
};

Stage::Stage(StageOptions options, Writer& out) : impl_(std::make_unique<Impl>(std::move(options), out)) {}
Stage::~Stage() = default;

EventTable Stage::events() {
    Impl& s = *impl_;
    EventTable table = EventTable::bind(s, {{"request", &Impl::on_request},
                                            {"meta", &Impl::on_meta},
                                            {"sources", &Impl::on_sources},
                                            {"context", &Impl::on_context},
                                            {"done", &Impl::on_end},
                                            {"error", &Impl::on_end},
                                            {"cancel", &Impl::on_end}});
    table.otherwise([&s](const Event& ev, Writer& out) { s.on_other(ev, out); });
    table.at_end(s, &Impl::at_end);
    table.track(s.runs).skip_cached();
    return table;
}

void Stage::pump() { impl_->client.pump(); }
bool Stage::idle() const { return impl_->client.idle(); }
bool Stage::wait(int fd) { return impl_->client.wait(fd); }

}  // namespace rag::rerank
