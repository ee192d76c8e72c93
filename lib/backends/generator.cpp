// SPDX-License-Identifier: MIT
// rag-generate's engine: runs gathered from their events, answered and streamed as tokens.
#include "lib/backends/generator.h"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <vector>

#include "lib/backends/answer_stream.h"
#include "lib/backends/backend.h"
#include "lib/backends/extractive.h"
#include "lib/backends/http_stream.h"
#include "lib/backends/pacing.h"
#include "lib/core/error.h"
#include "lib/core/json_out.h"
#include "lib/core/passages.h"
#include "lib/core/request.h"
#include "lib/text/analyze.h"
#include "lib/text/conversation_query.h"

namespace rag {
namespace {

constexpr std::string_view kStage = "generate";

struct Run {
    std::string id;
    bool has_request = false, has_context = false;
    Request request;
    std::vector<Passage> passages;
    ModelSpec model;
    AnswerStream answer;
    std::unique_ptr<ChatStream> stream;
    uint64_t transfer = 0;
    bool truncated = false;  ///< a token budget cut the answer
};

}  // namespace

struct Generator::Impl {
    Impl(GeneratorOptions opt, GeneratorSetup setup, Writer& out)
        : opt_(std::move(opt)), setup_(std::move(setup)), out_(out), ollama_(make_ollama_backend(setup_.ollama_url)),
          openai_(make_openai_backend(setup_.openai_url, setup_.api_key)), pacer_(opt_.pace_ms),
          runs_([this](Run& r) { forget(r); }) {}

    void on_request(const Event& ev, Writer& out) {
        out.forward(ev);
        Run& r = run(ev.run);
        if (r.has_request) return;
        r.request = parse_request(ev);
        r.has_request = true;
        if (r.has_context) begin(r);
    }

    void on_context(const Event& ev, Writer& out) {
        out.forward(ev);
        Run& r = run(ev.run);
        if (r.has_context) return;
        for (const PassageView& p : read_passages(ev))
            r.passages.push_back({std::string(p.doc), std::string(p.title), std::string(p.text)});
        r.has_context = true;
        if (r.has_request) begin(r);
    }

    // End of input: a run still waiting for its request or context never gets it.
    void at_end(Writer&) {
        std::vector<std::string> waiting;
        for (auto& [id, r] : runs_)
            if (!r.has_request || !r.has_context) waiting.push_back(id);
        for (const std::string& id : waiting) {
            const Run& r = *runs_.find(id);
            fail(id, r.has_request ? "no context for this run (is rag-retrieve before rag-generate?)"
                                   : "no request for this run");
        }
    }

    Run& run(std::string_view id) {
        Run& r = runs_[id];
        if (r.id.empty()) r.id = id;
        return r;
    }

    void begin(Run& r) {
        double now = monotonic_ms();
        r.answer.start(now);
        r.model = resolve_model(r.request.model, setup_.default_model.spec);
        if (!r.model.error.empty()) return fail(r.id, r.model.error);
        if (r.model.kind != BackendKind::kExtractive) {
            queue_.push_back(r.id);
            return;
        }
        std::string said;  // the conversation's earlier answers
        for (const Turn& t : r.request.history)
            if (t.role == "assistant") said += t.content + "\n";
        ExtractiveOptions options{.said = said};
        std::string answer = extractive_answer(conversation_search_text(r.request, analyzer(), kAddressedWeights),
                                               r.passages, analyzer(), options);
        r.truncated = cut_to_words(answer, r.request.sampling.max_tokens);
        if (opt_.pace_ms <= 0) {
            for (const std::string& w : split_words(answer)) r.answer.token(out_, r.id, w);
            return finish(r, -1);
        }
        pacer_.add(r.id, answer, now);
    }

    Analyzer& analyzer() {
        if (!analyzer_) analyzer_ = std::make_unique<Analyzer>();
        return *analyzer_;
    }

    void start_queued() {
        while (!queue_.empty() && http_.active() < static_cast<size_t>(opt_.parallel)) {
            Run* r = runs_.find(queue_.front());
            queue_.pop_front();
            if (r) start_transfer(*r);
        }
    }

    void start_transfer(Run& r) {
        const ChatBackend& backend = r.model.kind == BackendKind::kOllama ? *ollama_ : *openai_;
        std::vector<ChatMessage> history;
        for (const Turn& t : r.request.history) history.push_back({t.role, t.content});
        const Sampling& s = r.request.sampling;  // what the client asked wins over the flags
        auto messages = build_messages(
            {setup_.system, s.system, &r.passages, std::move(history), r.request.query, opt_.history_turns});
        ChatOptions o{r.model.name, s.temperature >= 0 ? s.temperature : opt_.temperature,
                      s.max_tokens > 0 ? s.max_tokens : opt_.max_tokens, s.top_p, s.stop};
        HttpRequest req = backend.request(messages, o);
        req.connect_timeout_ms = static_cast<long>(opt_.connect_timeout * 1000);
        req.idle_timeout_ms = static_cast<long>(opt_.idle_timeout * 1000);
        r.stream = backend.stream();
        Run* run = &r;
        r.transfer = http_.start(req, [this, run](std::string_view bytes) {
            return run->stream->feed(bytes, [&](std::string_view t) { run->answer.text(out_, run->id, t); });
        });
        by_transfer_[r.transfer] = r.id;
    }

    void on_result(const HttpResult& res) {
        auto it = by_transfer_.find(res.id);
        if (it == by_transfer_.end()) return;
        std::string id = it->second;
        by_transfer_.erase(it);
        Run& r = *runs_.find(id);
        r.transfer = 0;
        if (!r.stream->error().empty()) return fail(id, r.stream->error());
        if (!res.message.empty()) return fail(id, res.message);
        if (!r.stream->finish([&](std::string_view t) { r.answer.text(out_, r.id, t); }))
            return fail(id, r.stream->error());
        r.truncated = r.stream->truncated();
        finish(r, r.stream->tokens());
    }

    void tick_paced() {
        pacer_.tick(
            monotonic_ms(),
            [this](const std::string& id, std::string_view word) { runs_.find(id)->answer.token(out_, id, word); },
            [this](const std::string& id) { finish(*runs_.find(id), -1); });
    }

    void finish(Run& r, int64_t tokens) {
        r.answer.done(out_, r.id, r.model, tokens, r.truncated);
        drop(r.id);
    }

    void fail(const std::string& id, std::string_view message) {
        out_.error(id, kStage, redact_secret(message, setup_.api_key));  // no key ever leaves
        drop(id);
    }

    void drop(const std::string& id) { runs_.erase(id); }  // queue_ skips ids that are gone

    // A run leaves the table: nothing more of it may be streamed or paced.
    void forget(Run& r) {
        pacer_.drop(r.id);
        if (!r.transfer) return;
        http_.abort(r.transfer);
        by_transfer_.erase(r.transfer);
    }

    GeneratorOptions opt_;
    GeneratorSetup setup_;
    Writer& out_;
    HttpStreams http_;
    std::unique_ptr<ChatBackend> ollama_, openai_;
    Pacer pacer_;
    std::unique_ptr<Analyzer> analyzer_;
    RunTable<Run> runs_;  // erased by the core on cancel, error and done; by fail() and finish()
    std::unordered_map<uint64_t, std::string> by_transfer_;
    std::deque<std::string> queue_;  // runs waiting for a free --parallel slot
};

Generator::Generator(GeneratorOptions options, GeneratorSetup setup, Writer& out)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(setup), out)) {}
Generator::~Generator() = default;

EventTable Generator::events() {
    Impl& g = *impl_;
    EventTable table = EventTable::bind(g, {{"request", &Impl::on_request}, {"context", &Impl::on_context}});
    table.at_end(g, &Impl::at_end).track(g.runs_).skip_cached();
    return table;
}

void Generator::pump() {
    Impl& g = *impl_;
    g.start_queued();
    for (const HttpResult& res : g.http_.perform()) g.on_result(res);
    g.start_queued();
    g.tick_paced();
}

bool Generator::idle() const { return impl_->runs_.empty(); }

// Backend data, a paced word falling due, or input: whichever comes first.
bool Generator::wait(int fd) {
    Impl& g = *impl_;
    return g.http_.wait(fd, g.pacer_.timeout_ms(monotonic_ms(), 1000));
}

}  // namespace rag
