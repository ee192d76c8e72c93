// SPDX-License-Identifier: MIT
// rag-generate: request + context -> token events and done, from an extractive, Ollama or OpenAI backend.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <sstream>
#include <unordered_map>
#include <unordered_set>

#include "lib/backends/chat.h"
#include "lib/backends/extractive.h"
#include "lib/backends/http_stream.h"
#include "lib/core/event.h"
#include "lib/core/request.h"
#include "lib/core/tool.h"

namespace {

constexpr std::string_view kStage = "generate";
constexpr std::string_view kDefaultOllamaUrl = "http://127.0.0.1:11434";
constexpr std::string_view kDefaultOpenAIUrl = "https://api.openai.com/v1";

struct Options {
    std::string backend, model, url, api_key_file, system_file;
    int history_turns = 5;
    double temperature = 0.2;
    int max_tokens = 1024;
    int parallel = 4;
    double idle_timeout = 60;
    double connect_timeout = 10;
    double pace_ms = 0;
    size_t max_line = rag::kDefaultMaxLine;
};

// What the tool settled at start: the default model, URLs, the key, the system prompt.
struct Setup {
    rag::ModelSpec default_model;
    std::string ollama_url, openai_url;
    std::string api_key;
    std::string system;
};

struct Run {
    std::string id;
    bool has_request = false, has_context = false;
    rag::Request request;
    std::vector<rag::Passage> passages;
    rag::ModelSpec model;
    double started_ms = 0, first_ms = -1;
    std::string answer, carry;   // carry: the start of a character cut by a chunk boundary
    int64_t pieces = 0;
    std::unique_ptr<rag::ChatStream> stream;
    uint64_t transfer = 0;
    std::vector<std::string> words;   // a paced extractive answer
    size_t next_word = 0;
    double next_due = 0;
};

std::string read_file(const std::string& path, std::string_view what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw rag::Fatal(rag::kExitNoInput, fmt::format("cannot read {} '{}': {}", what, path, strerror(errno)));
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string env_or(const char* name, std::string_view fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : std::string(fallback);
}

std::string_view builtin_name(std::string_view backend) {
    return backend == "ollama" ? "llama3.2" : backend == "openai" ? "gpt-4o-mini" : "";
}

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

class Generator {
public:
    Generator(const Options& opt, Setup setup, rag::Writer& out)
        : opt_(opt), setup_(std::move(setup)), out_(out) {}

    void on_request(const rag::Event& ev, rag::Writer& out) {
        out.forward(ev);
        std::string id(ev.run);
        if (ev.flag("cached")) { skipped_.insert(id); return; }
        Run& r = run(id);
        if (r.has_request) return;
        r.request = rag::parse_request(ev);
        r.has_request = true;
        if (r.has_context) begin(r);
    }

    void on_context(const rag::Event& ev, rag::Writer& out) {
        out.forward(ev);
        std::string id(ev.run);
        if (skipped_.count(id)) return;
        Run& r = run(id);
        if (r.has_context) return;
        read_passages(ev, r.passages);
        r.has_context = true;
        if (r.has_request) begin(r);
    }

    // `cancel`, or an `error` from upstream: the run ends here; drop its work.
    void on_end(const rag::Event& ev, rag::Writer& out) {
        out.forward(ev);
        std::string id(ev.run);
        skipped_.erase(id);
        drop(id);
    }

    void on_done(const rag::Event& ev, rag::Writer& out) {
        out.forward(ev);
        skipped_.erase(std::string(ev.run));
    }

    // End of input: a run still waiting for its request or context never gets it.
    void at_end(rag::Writer&) {
        std::vector<std::string> waiting;
        for (auto& [id, r] : runs_)
            if (!r->has_request || !r->has_context) waiting.push_back(id);
        for (const std::string& id : waiting) {
            const Run& r = *runs_.at(id);
            fail(id, r.has_request ? "no context for this run (is rag-retrieve before rag-generate?)"
                                   : "no request for this run");
        }
    }

    // Starts queued transfers, moves every stream forward, paces extractive words.
    void pump() {
        start_queued();
        for (const rag::HttpResult& res : http_.perform()) on_result(res);
        start_queued();
        tick_paced();
    }

    bool idle() const { return runs_.empty(); }

    bool wait(int fd) { return http_.wait(fd, next_timeout_ms()); }

private:
    Run& run(const std::string& id) {
        auto& slot = runs_[id];
        if (!slot) { slot = std::make_unique<Run>(); slot->id = id; }
        return *slot;
    }

    static void read_passages(const rag::Event& ev, std::vector<rag::Passage>& out) {
        simdjson::dom::array list;
        if (ev.data["passages"].get_array().get(list)) return;
        for (simdjson::dom::element p : list) {
            rag::Passage passage;
            std::string_view v;
            if (!p["doc"].get_string().get(v)) passage.doc = v;
            if (!p["title"].get_string().get(v)) passage.title = v;
            if (!p["text"].get_string().get(v)) passage.text = v;
            out.push_back(std::move(passage));
        }
    }

    void begin(Run& r) {
        r.started_ms = rag::monotonic_ms();
        std::string error;
        std::string spec = r.request.model.empty() ? setup_.default_model.spec : r.request.model;
        std::string_view backend = std::string_view(spec).substr(0, spec.find(':'));
        std::string_view fallback = backend == rag::backend_name(setup_.default_model.kind)
                                        ? std::string_view(setup_.default_model.name) : builtin_name(backend);
        if (!rag::parse_model(spec, fallback, r.model, error)) return fail(r.id, error);
        if (r.model.kind != rag::BackendKind::kExtractive) { queue_.push_back(r.id); return; }
        std::string answer = rag::extractive_answer(r.request.query, r.passages, analyzer());
        if (opt_.pace_ms <= 0) {
            for (const std::string& w : split_words(answer)) emit_token(r, w);
            return finish(r, -1);
        }
        r.words = split_words(answer);
        r.next_due = r.started_ms;
        paced_.push_back(r.id);
    }

    rag::Analyzer& analyzer() {
        if (!analyzer_) analyzer_ = std::make_unique<rag::Analyzer>();
        return *analyzer_;
    }

    void start_queued() {
        while (!queue_.empty() && http_.active() < static_cast<size_t>(opt_.parallel)) {
            auto it = runs_.find(queue_.front());
            queue_.pop_front();
            if (it != runs_.end()) start_transfer(*it->second);
        }
    }

    void start_transfer(Run& r) {
        bool ollama = r.model.kind == rag::BackendKind::kOllama;
        std::vector<rag::ChatMessage> history;
        for (const rag::Turn& t : r.request.history) history.push_back({t.role, t.content});
        auto messages = rag::build_messages({setup_.system, &r.passages, std::move(history),
                                             r.request.query, opt_.history_turns});
        rag::ChatOptions o{r.model.name, opt_.temperature, opt_.max_tokens};
        rag::HttpRequest req;
        req.url = ollama ? rag::ollama_endpoint(setup_.ollama_url) : rag::openai_endpoint(setup_.openai_url);
        req.body = ollama ? rag::ollama_request_body(messages, o) : rag::openai_request_body(messages, o);
        if (!ollama && !setup_.api_key.empty()) req.headers.push_back("Authorization: Bearer " + setup_.api_key);
        req.connect_timeout_ms = static_cast<long>(opt_.connect_timeout * 1000);
        req.idle_timeout_ms = static_cast<long>(opt_.idle_timeout * 1000);
        r.stream = ollama ? rag::make_ollama_stream() : rag::make_openai_stream();
        Run* run = &r;
        r.transfer = http_.start(req, [this, run](std::string_view bytes) {
            return run->stream->feed(bytes, [&](std::string_view t) { emit_text(*run, t); });
        });
        by_transfer_[r.transfer] = r.id;
    }

    void on_result(const rag::HttpResult& res) {
        auto it = by_transfer_.find(res.id);
        if (it == by_transfer_.end()) return;
        std::string id = it->second;
        by_transfer_.erase(it);
        Run& r = *runs_.at(id);
        r.transfer = 0;
        if (!r.stream->error().empty()) return fail(id, r.stream->error());
        if (!res.message.empty()) return fail(id, res.message);
        if (!r.stream->finish([&](std::string_view t) { emit_text(r, t); })) return fail(id, r.stream->error());
        finish(r, r.stream->tokens());
    }

    void tick_paced() {
        double now = rag::monotonic_ms();
        for (size_t i = 0; i < paced_.size();) {
            auto it = runs_.find(paced_[i]);
            if (it == runs_.end()) { paced_.erase(paced_.begin() + i); continue; }
            Run& r = *it->second;
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
        double due = 1000, now = rag::monotonic_ms();
        for (const std::string& id : paced_) {
            auto it = runs_.find(id);
            if (it != runs_.end()) due = std::min(due, it->second->next_due - now);
        }
        return std::max(0, static_cast<int>(due + 0.999));
    }

    // Text from a backend: hand on whole characters only, keep a cut one for the next piece.
    void emit_text(Run& r, std::string_view piece) {
        r.carry.append(piece);
        size_t n = rag::utf8_complete_prefix(r.carry);
        if (n == 0) return;
        std::string t = rag::valid_utf8(std::string_view(r.carry).substr(0, n));
        r.carry.erase(0, n);
        emit_token(r, t);
    }

    void emit_token(Run& r, std::string_view t) {
        if (t.empty()) return;
        if (r.first_ms < 0) r.first_ms = rag::monotonic_ms();
        r.answer.append(t);
        ++r.pieces;
        out_.emit("token", r.id, [&](rag::JsonWriter& w) { w.key("t").str(t); });
    }

    void finish(Run& r, int64_t tokens) {
        if (!r.carry.empty()) emit_token(r, rag::valid_utf8(std::exchange(r.carry, {})));
        double now = rag::monotonic_ms();
        auto ms = [](double d) { return static_cast<int64_t>(d + 0.5); };
        out_.emit("done", r.id, [&](rag::JsonWriter& w) {
            w.key("answer").str(r.answer).key("cached").boolean(false);
            w.key("duration_ms").num(ms(now - r.started_ms));
            w.key("model").str(r.model.spec).key("backend").str(rag::backend_name(r.model.kind));
            w.key("ttft_ms").num(ms((r.first_ms < 0 ? now : r.first_ms) - r.started_ms));
            w.key("tokens").num(tokens >= 0 ? tokens : r.pieces);
        });
        drop(r.id);
    }

    void fail(const std::string& id, std::string_view message) {
        out_.error(id, kStage, rag::redact_secret(message, setup_.api_key));   // no key ever leaves
        drop(id);
    }

    void drop(const std::string& id) {
        auto it = runs_.find(id);
        if (it == runs_.end()) return;
        if (it->second->transfer) {
            http_.abort(it->second->transfer);
            by_transfer_.erase(it->second->transfer);
        }
        runs_.erase(it);   // queue_ and paced_ skip ids that are gone
    }

    const Options& opt_;
    Setup setup_;
    rag::Writer& out_;
    rag::HttpStreams http_;
    std::unique_ptr<rag::Analyzer> analyzer_;
    std::unordered_map<std::string, std::unique_ptr<Run>> runs_;
    std::unordered_map<uint64_t, std::string> by_transfer_;
    std::unordered_set<std::string> skipped_;   // cached runs: their events only pass
    std::deque<std::string> queue_;             // runs waiting for a free --parallel slot
    std::vector<std::string> paced_;
};

Setup make_setup(const Options& opt) {
    Setup s;
    std::string spec;
    if (opt.model.find(':') != std::string::npos) spec = opt.model;
    else if (!opt.backend.empty()) spec = opt.backend == "extractive" ? opt.backend : opt.backend + ":" + opt.model;
    else if (!opt.model.empty()) {
        std::string env = rag::resolve_model("");
        spec = env.substr(0, env.find(':')) + ":" + opt.model;
    } else spec = rag::resolve_model("");
    std::string backend = spec.substr(0, spec.find(':'));
    if (backend == "extractive" && !opt.model.empty() && opt.model != "extractive")
        throw rag::Fatal(rag::kExitUsage, fmt::format("--model {0}: the extractive backend has no models "
                                                      "(use --backend ollama or --model ollama:{0})", opt.model));
    if (!spec.empty() && spec.back() == ':') spec.pop_back();
    std::string error;
    if (!rag::parse_model(spec, builtin_name(backend), s.default_model, error))
        throw rag::Fatal(rag::kExitUsage, "bad default model: " + error);
    s.ollama_url = env_or("OLLAMA_HOST", kDefaultOllamaUrl);
    s.openai_url = env_or("OPENAI_BASE_URL", kDefaultOpenAIUrl);
    // --url names the default backend's server; with extractive as the default, any server.
    if (!opt.url.empty() && s.default_model.kind != rag::BackendKind::kOpenAI) s.ollama_url = opt.url;
    if (!opt.url.empty() && s.default_model.kind != rag::BackendKind::kOllama) s.openai_url = opt.url;
    s.api_key = env_or("OPENAI_API_KEY", "");
    if (!opt.api_key_file.empty()) {
        s.api_key = read_file(opt.api_key_file, "API key file");
        s.api_key.erase(s.api_key.find_last_not_of(" \t\r\n") + 1);
    }
    s.system = opt.system_file.empty() ? std::string(rag::kDefaultSystemPrompt) : read_file(opt.system_file, "system prompt");
    return s;
}

// The poll loop: input lines and backend streams are served as they come;
// output is flushed before every wait.
int serve(const Options& opt) {
    rag::LineReader in(0, opt.max_line);
    rag::Writer out(1);
    rag::set_stdout_flusher([&out] { out.flush(); });
    struct FlusherReset { ~FlusherReset() { rag::set_stdout_flusher(nullptr); } } reset;
    Generator gen(opt, make_setup(opt), out);
    using std::placeholders::_1, std::placeholders::_2;
    rag::EventTable table{
        {"request", std::bind(&Generator::on_request, &gen, _1, _2)},
        {"context", std::bind(&Generator::on_context, &gen, _1, _2)},
        {"cancel", std::bind(&Generator::on_end, &gen, _1, _2)},
        {"error", std::bind(&Generator::on_end, &gen, _1, _2)},
        {"done", std::bind(&Generator::on_done, &gen, _1, _2)},
    };
    table.set_max_line(opt.max_line);
    table.at_end([&gen](rag::Writer& w) { gen.at_end(w); });
    try {
        bool ended = false;
        for (;;) {
            rag::Line line;
            while (in.next(line)) table.dispatch(line, out);
            if (in.eof() && !ended) { table.finish(out); ended = true; }
            gen.pump();
            if (ended && gen.idle()) break;
            out.flush();
            if (gen.wait(ended ? -1 : 0)) in.fill();
        }
        out.flush();
    } catch (const rag::Writer::OutputClosed&) {
        // The reader went away (`| head`): nothing left to do, and nothing to report.
    }
    return rag::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    rag::Tool tool{"rag-generate", "Answer each run from its context: stream token events, then done."};
    Options opt;
    auto& app = tool.app;
    app.add_option("-b,--backend", opt.backend, "default backend: extractive, ollama or openai")
        ->check(CLI::IsMember({"extractive", "ollama", "openai"}))->envname("RAG_BACKEND");
    app.add_option("-m,--model", opt.model, "default model: NAME for --backend, or BACKEND:NAME (else $RAG_MODEL)");
    app.add_option("-u,--url", opt.url, "base URL of the default backend's server")->envname("RAG_BACKEND_URL");
    app.add_option("--api-key-file", opt.api_key_file, "read the OpenAI API key from FILE (else $OPENAI_API_KEY)");
    app.add_option("--system", opt.system_file, "replace the built-in system prompt by FILE's text");
    app.add_option("--history-turns", opt.history_turns, "earlier turns put in the prompt")->check(CLI::Range(0, 1000));
    app.add_option("--temperature", opt.temperature, "sampling temperature sent to the model")->check(CLI::Range(0.0, 2.0));
    app.add_option("--max-tokens", opt.max_tokens, "longest answer, in model tokens")->check(CLI::Range(1, 1 << 20));
    app.add_option("-p,--parallel", opt.parallel, "backend requests streaming at once")->check(CLI::Range(1, 1024));
    app.add_option("--idle-timeout", opt.idle_timeout, "give up on a backend silent for SECONDS")->check(CLI::Range(0.001, 86400.0));
    app.add_option("--connect-timeout", opt.connect_timeout, "give up connecting after SECONDS")->check(CLI::Range(0.001, 3600.0));
    app.add_option("--pace", opt.pace_ms, "extractive backend: wait MS between words (demos)")->check(CLI::Range(0.0, 60000.0));
    app.add_option("--max-line", opt.max_line, "longest input line accepted, in bytes")->envname("RAG_MAX_LINE");
    return tool.run(argc, argv, [&] { return serve(opt); });
}
