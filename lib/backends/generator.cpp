// SPDX-License-Identifier: MIT
// rag-generate's engine: runs, backends, pacing and the events they produce.
#include "lib/backends/generator.h"

#include <algorithm>
#include <deque>
#include <unordered_map>
#include <vector>

#include "lib/backends/extractive.h"
#include "lib/backends/http_stream.h"
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
    double started_ms = 0, first_ms = -1;
    std::string answer, carry;   // carry: the start of a character cut by a chunk boundary
    int64_t pieces = 0;
    std::unique_ptr<ChatStream> stream;
    uint64_t transfer = 0;
    std::vector<std::string> words;   // a paced extractive answer
    size_t next_word = 0;
    double next_due = 0;
};

// The answer split for streaming: each word with the white space after it.
std::vector<std::string> split_words(std::string_view a) {
    std::vector<std::string> out;
    auto space = [&](size_t i) { return a[i] == ' ' || a[i] == '\n' || a[i] == '\t' || a[i] == '\r'; };
    size_t start = 0, i = 0;
    while (i < a.size()) {
        while (i < a.size() && space(i)) ++i;
        while (i < a.size() && !space(i)) ++i;
        while (i < a.size() && space(i)) ++i;
        out.emplace_back(a.substr(start, i - start));
        start = i;
    }
    return out;
}

}  // namespace

struct Generator::Impl {
    Impl(GeneratorOptions opt, GeneratorSetup setup, Writer& out)
        : opt_(std::move(opt)), setup_(std::move(setup)), out_(out),
          runs_([this](Run& r) { stop_transfer(r); }) {}

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

    // Starts queued transfers, moves every stream forward, paces extractive words.
    void pump() {
        start_queued();
        for (const HttpResult& res : http_.perform()) on_result(res);
        start_queued();
        tick_paced();
    }

    bool idle() const { return runs_.empty(); }

    bool wait(int fd) { return http_.wait(fd, next_timeout_ms()); }

    Run& run(std::string_view id) {
        Run& r = runs_[id];
        if (r.id.empty()) r.id = id;
        return r;
    }

    void begin(Run& r) {
        r.started_ms = monotonic_ms();
        r.model = resolve_model(r.request.model, setup_.default_model.spec);
        if (!r.model.error.empty()) return fail(r.id, r.model.error);
        if (r.model.kind != BackendKind::kExtractive) { queue_.push_back(r.id); return; }
        std::string answer = extractive_answer(conversation_search_text(r.request, analyzer()), r.passages, analyzer());
        if (opt_.pace_ms <= 0) {
            for (const std::string& w : split_words(answer)) emit_token(r, w);
            return finish(r, -1);
        }
        r.words = split_words(answer);
        r.next_due = r.started_ms;
        paced_.push_back(r.id);
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
        bool ollama = r.model.kind == BackendKind::kOllama;
        std::vector<ChatMessage> history;
        for (const Turn& t : r.request.history) history.push_back({t.role, t.content});
        auto messages = build_messages({setup_.system, &r.passages, std::move(history),
                                             r.request.query, opt_.history_turns});
        ChatOptions o{r.model.name, opt_.temperature, opt_.max_tokens};
        HttpRequest req;
        req.url = ollama ? ollama_endpoint(setup_.ollama_url) : openai_endpoint(setup_.openai_url);
        req.body = ollama ? ollama_request_body(messages, o) : openai_request_body(messages, o);
        if (!ollama && !setup_.api_key.empty()) req.headers.push_back("Authorization: Bearer " + setup_.api_key);
        req.connect_timeout_ms = static_cast<long>(opt_.connect_timeout * 1000);
        req.idle_timeout_ms = static_cast<long>(opt_.idle_timeout * 1000);
        r.stream = ollama ? make_ollama_stream() : make_openai_stream();
        Run* run = &r;
        r.transfer = http_.start(req, [this, run](std::string_view bytes) {
            return run->stream->feed(bytes, [&](std::string_view t) { emit_text(*run, t); });
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
        if (!r.stream->finish([&](std::string_view t) { emit_text(r, t); })) return fail(id, r.stream->error());
        finish(r, r.stream->tokens());
    }

    void tick_paced() {
        double now = monotonic_ms();
        for (size_t i = 0; i < paced_.size();) {
            Run* run = runs_.find(paced_[i]);
            if (!run) { paced_.erase(paced_.begin() + i); continue; }
            Run& r = *run;
            while (r.next_word < r.words.size() && r.next_due <= now) {
                emit_token(r, r.words[r.next_word++]);
                r.next_due += opt_.pace_ms;
            }
            if (r.next_word < r.words.size()) { ++i; continue; }
            paced_.erase(paced_.begin() + i);
            finish(r, -1);
        }
    }

    int next_timeout_ms() const {
        double due = 1000, now = monotonic_ms();
        for (const std::string& id : paced_) {
            if (const Run* r = runs_.find(id)) due = std::min(due, r->next_due - now);
        }
        return std::max(0, static_cast<int>(due + 0.999));
    }

    // Text from a backend: hand on whole characters only, keep a cut one for the next piece.
    void emit_text(Run& r, std::string_view piece) {
        r.carry.append(piece);
        size_t n = utf8_complete_prefix(r.carry);
        if (n == 0) return;
        std::string t = valid_utf8(std::string_view(r.carry).substr(0, n));
        r.carry.erase(0, n);
        emit_token(r, t);
    }

    void emit_token(Run& r, std::string_view t) {
        if (t.empty()) return;
        if (r.first_ms < 0) r.first_ms = monotonic_ms();
        r.answer.append(t);
        ++r.pieces;
        out_.emit("token", r.id, [&](JsonWriter& w) { w.key("t").str(t); });
    }

    void finish(Run& r, int64_t tokens) {
        if (!r.carry.empty()) emit_token(r, valid_utf8(std::exchange(r.carry, {})));
        double now = monotonic_ms();
        auto ms = [](double d) { return static_cast<int64_t>(d + 0.5); };
        out_.emit("done", r.id, [&](JsonWriter& w) {
            w.key("answer").str(r.answer).key("cached").boolean(false);
            w.key("duration_ms").num(ms(now - r.started_ms));
            w.key("model").str(r.model.spec).key("backend").str(backend_name(r.model.kind));
            w.key("ttft_ms").num(ms((r.first_ms < 0 ? now : r.first_ms) - r.started_ms));
            w.key("tokens").num(tokens >= 0 ? tokens : r.pieces);
        });
        drop(r.id);
    }

    void fail(const std::string& id, std::string_view message) {
        out_.error(id, kStage, redact_secret(message, setup_.api_key));   // no key ever leaves
        drop(id);
    }

    void drop(const std::string& id) { runs_.erase(id); }   // queue_ and paced_ skip ids that are gone

    void stop_transfer(Run& r) {
        if (!r.transfer) return;
        http_.abort(r.transfer);
        by_transfer_.erase(r.transfer);
    }

    GeneratorOptions opt_;
    GeneratorSetup setup_;
    Writer& out_;
    HttpStreams http_;
    std::unique_ptr<Analyzer> analyzer_;
    RunTable<Run> runs_;   // erased by the core on cancel, error and done; by fail() and finish()
    std::unordered_map<uint64_t, std::string> by_transfer_;
    std::deque<std::string> queue_;             // runs waiting for a free --parallel slot
    std::vector<std::string> paced_;
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

void Generator::pump() { impl_->pump(); }
bool Generator::idle() const { return impl_->idle(); }
bool Generator::wait(int fd) { return impl_->wait(fd); }

}  // namespace rag
