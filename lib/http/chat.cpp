// SPDX-License-Identifier: MIT
// The chat API of rag-sse: routes, request validation, runs relayed as SSE or JSON.
#include "lib/http/chat.h"

#include <unistd.h>

#include <fmt/format.h>
#include <simdjson.h>

#include "lib/core/json_out.h"
#include "lib/core/request.h"
#include "lib/core/error.h"
#include "lib/http/sse.h"

namespace rag::http {
namespace {

constexpr std::string_view kJson = "application/json";
constexpr std::string_view kSseHeaders = "Cache-Control: no-cache, no-transform\r\nX-Accel-Buffering: no\r\n";

std::string json_error(std::string_view message) {
    std::string s = "{\"error\":";
    append_json_string(s, message);
    s += "}";
    return s;
}

bool forwarded_by_default(std::string_view type) {
    return type == "meta" || type == "sources" || type == "cached" || type == "token" || type == "verify" ||
           type == "done" || type == "error";
}

// Validation of the seed's request body; fills `r` or returns the problem.
struct BodyError {
    int status = 0;
    std::string message;
};

bool optional_string(simdjson::dom::object obj, const char* key, std::string& out, BodyError& err) {
    simdjson::dom::element v;
    if (obj[key].get(v) != simdjson::SUCCESS || v.is_null()) return true;
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) {
        err = {422, fmt::format("'{}' must be a string or null", key)};
        return false;
    }
    out = s;
    return true;
}

bool parse_history(simdjson::dom::object obj, rag::Request& r, BodyError& err) {
    simdjson::dom::element v;
    if (obj["history"].get(v) != simdjson::SUCCESS || v.is_null()) return true;
    simdjson::dom::array turns;
    if (v.get_array().get(turns) != simdjson::SUCCESS) {
        err = {422, "'history' must be an array of {role, content}"};
        return false;
    }
    for (simdjson::dom::element t : turns) {
        std::string_view role, content;
        if (t["role"].get_string().get(role) != simdjson::SUCCESS ||
            t["content"].get_string().get(content) != simdjson::SUCCESS) {
            err = {422, "'history' must be an array of {role, content}"};
            return false;
        }
        r.history.push_back({std::string(role), std::string(content)});
    }
    return true;
}

bool parse_body(const std::string& body, rag::Request& r, BodyError& err) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (auto e = parser.parse(body).get(doc); e != simdjson::SUCCESS) {
        err = {400, fmt::format("malformed JSON body: {}", simdjson::error_message(e))};
        return false;
    }
    simdjson::dom::object obj;
    if (doc.get_object().get(obj) != simdjson::SUCCESS) { err = {422, "the body must be a JSON object"}; return false; }
    std::string_view query;
    if (obj["query"].get_string().get(query) != simdjson::SUCCESS ||
        query.find_first_not_of(" \t\r\n") == std::string_view::npos) {
        err = {422, "'query' is required and must be a non-empty string"};
        return false;
    }
    r.query = query;
    if (!parse_history(obj, r, err) || !optional_string(obj, "corpus_id", r.corpus_id, err) ||
        !optional_string(obj, "session_id", r.session_id, err) || !optional_string(obj, "model", r.model, err))
        return false;
    simdjson::dom::element v;
    if (obj["use_cache"].get(v) == simdjson::SUCCESS && !v.is_null() && v.get_bool().get(r.use_cache) != simdjson::SUCCESS) {
        err = {422, "'use_cache' must be a boolean"};
        return false;
    }
    if (obj["top_k"].get(v) == simdjson::SUCCESS && !v.is_null()) {
        int64_t k = 0;
        if (v.get_int64().get(k) != simdjson::SUCCESS || k < 1 || k > kMaxTopK) {
            err = {422, fmt::format("'top_k' must be an integer from 1 to {}", kMaxTopK)};
            return false;
        }
        r.top_k = static_cast<int>(k);
    }
    return true;
}

// The same request from GET query parameters (EventSource).
bool parse_params(const http::Request& q, rag::Request& r, BodyError& err) {
    r.query = q.param("query");
    if (r.query.find_first_not_of(" \t\r\n") == std::string::npos) {
        err = {422, "'query' is required and must be a non-empty string"};
        return false;
    }
    r.session_id = q.param("session_id");
    r.corpus_id = q.param("corpus_id");
    r.model = q.param("model");
    std::string use_cache = q.param("use_cache");
    if (!use_cache.empty()) r.use_cache = !(use_cache == "false" || use_cache == "0" || use_cache == "no");
    std::string top_k = q.param("top_k");
    if (!top_k.empty()) {
        char* end = nullptr;
        long k = strtol(top_k.c_str(), &end, 10);
        if (*end || k < 1 || k > kMaxTopK) {
            err = {422, fmt::format("'top_k' must be an integer from 1 to {}", kMaxTopK)};
            return false;
        }
        r.top_k = static_cast<int>(k);
    }
    return true;
}

std::string request_line(const std::string& run, const rag::Request& r) {
    std::string line = "{\"type\":\"request\",\"run\":";
    append_json_string(line, run);
    line += ",\"data\":";
    JsonWriter w(line);
    w.begin_object();
    write_request(w, r);
    w.end_object();
    line += "}";
    return line;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
    unsigned char diff = a.size() != b.size();
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace

// One chat run: relays its events to the client as SSE frames (stream) or
// gathers them into one JSON answer; ends on done, error, failure, timeout
// or the client's disconnect.
class Run : public RunSink {
public:
    Run(ChatService& svc, std::string id, ExchangePtr ex, bool stream)
        : svc_(svc), id_(std::move(id)), ex_(std::move(ex)), stream_(stream) {}

    void begin(const std::string& line) {
        ex_->run_id = id_;
        ex_->on_abort([this] { client_gone(); });
        Loop& loop = svc_.loop_;
        timeout_timer_ = loop.after(svc_.options_.run_timeout_ms, [this] { timed_out(); });
        if (stream_) {
            ex_->begin_stream(200, "text/event-stream; charset=utf-8", kSseHeaders);
            std::string head;
            append_sse_retry(head, svc_.options_.retry_ms);
            ex_->send(head);
            ++svc_.metrics_.streams_open;
            streaming_ = true;
            last_write_ms_ = now_ms();
            arm_heartbeat(svc_.options_.heartbeat_ms);
        }
        svc_.runner_.start(id_, line, this);
    }

    void on_event(std::string_view type, std::string_view data) override {
        if (finished_) return;
        if (type == "cached") ++svc_.metrics_.cache_hits;
        if (type == "token" && ex_->first_token_ms < 0) {
            ex_->first_token_ms = now_ms() - ex_->started_ms;
            svc_.metrics_.first_token.observe(ex_->first_token_ms / 1000);
        }
        if (stream_) relay(type, data);
        else gather(type, data);
        if (type == "done") finish("done");
        else if (type == "error") finish("error");
    }

    void on_failure(std::string_view message) override { fail(message, "error", 502); }

    // Shutdown: the grace period is over.
    void abandon(const std::string& message) {
        svc_.runner_.cancel(id_);
        fail(message, "cancelled", 503);
    }

private:
    void relay(std::string_view type, std::string_view data) {
        if (!svc_.options_.forward_all && !forwarded_by_default(type)) return;
        if (type == "cancel") return;
        std::string frame;
        append_sse_frame(frame, type, fmt::format("{}:{}", id_, ++seq_), data);
        ex_->send(frame);
        last_write_ms_ = now_ms();
    }

    void gather(std::string_view type, std::string_view data) {
        if (type == "sources") {
            simdjson::dom::element doc, s;
            if (parser_.parse(data).get(doc) == simdjson::SUCCESS && doc["sources"].get(s) == simdjson::SUCCESS)
                sources_ = simdjson::minify(s);
        } else if (type == "verify") {
            verify_ = data;
        } else if (type == "cached") {
            cached_ = true;
        } else if (type == "token") {
            simdjson::dom::element doc;
            std::string_view t;
            if (parser_.parse(data).get(doc) == simdjson::SUCCESS && doc["t"].get_string().get(t) == simdjson::SUCCESS)
                answer_ += t;
        } else if (type == "done") {
            simdjson::dom::element doc;
            std::string_view a;
            bool c = false;
            if (parser_.parse(data).get(doc) == simdjson::SUCCESS) {
                if (doc["answer"].get_string().get(a) == simdjson::SUCCESS) answer_ = a;
                if (doc["cached"].get_bool().get(c) == simdjson::SUCCESS) cached_ = cached_ || c;
            }
            std::string body = "{\"answer\":";
            append_json_string(body, answer_);
            body += fmt::format(",\"sources\":{},\"cached\":{},\"verify\":{},\"duration_ms\":{},\"run_id\":\"{}\"}}",
                                sources_, cached_ ? "true" : "false", verify_, static_cast<int64_t>(now_ms() - ex_->started_ms), id_);
            ex_->respond(200, kJson, body);
        } else if (type == "error") {
            ex_->respond(502, kJson, fmt::format("{{\"error\":{},\"run_id\":\"{}\"}}", data, id_));
        }
    }

    void fail(std::string_view message, const char* outcome, int status) {
        if (finished_) return;
        if (stream_) {
            std::string data = "{\"message\":";
            append_json_string(data, message);
            data += ",\"stage\":\"rag-sse\"}";
            relay("error", data);
        } else {
            std::string body = "{\"error\":{\"message\":";
            append_json_string(body, message);
            body += fmt::format(",\"stage\":\"rag-sse\"}},\"run_id\":\"{}\"}}", id_);
            ex_->respond(status, kJson, body);
        }
        finish(outcome);
    }

    void client_gone() {
        if (finished_) return;
        svc_.runner_.cancel(id_);
        finish("cancelled");
    }

    void timed_out() {
        timeout_timer_ = 0;
        if (finished_) return;
        svc_.runner_.cancel(id_);
        fail(fmt::format("run timed out after {:g} s", svc_.options_.run_timeout_ms / 1000), "timeout", 504);
    }

    void arm_heartbeat(double delay_ms) {
        heartbeat_timer_ = svc_.loop_.after(delay_ms, [this] {
            heartbeat_timer_ = 0;
            double hb = svc_.options_.heartbeat_ms;
            double silent = now_ms() - last_write_ms_;
            if (silent >= hb - 1) {
                std::string ping;
                append_sse_comment(ping, "ping");
                ex_->send(ping);
                last_write_ms_ = now_ms();
                silent = 0;
            }
            if (!finished_) arm_heartbeat(hb - silent);
        });
    }

    void finish(const char* outcome) {
        if (finished_) return;
        finished_ = true;
        svc_.loop_.cancel(timeout_timer_);
        svc_.loop_.cancel(heartbeat_timer_);
        ++svc_.metrics_.runs_by_outcome[outcome];
        svc_.metrics_.duration.observe((now_ms() - ex_->started_ms) / 1000);
        if (streaming_) --svc_.metrics_.streams_open;
        ex_->on_abort(nullptr);
        if (stream_) ex_->end();
        else if (ex_->live()) ex_->respond(500, kJson, json_error("the run ended without an answer"));
        svc_.run_ended(id_);
    }

    ChatService& svc_;
    std::string id_;
    ExchangePtr ex_;
    bool stream_;
    bool streaming_ = false;
    bool finished_ = false;
    uint64_t seq_ = 0;
    uint64_t timeout_timer_ = 0, heartbeat_timer_ = 0;
    double last_write_ms_ = 0;
    // POST /api/chat
    simdjson::dom::parser parser_;
    std::string answer_, sources_ = "[]", verify_ = "null";
    bool cached_ = false;
};

ChatService::ChatService(Loop& loop, Server& server, Runner& runner, ChatOptions options)
    : loop_(loop), server_(server), runner_(runner), options_(std::move(options)) {}

ChatService::~ChatService() = default;

void ChatService::handle(const ExchangePtr& ex) {
    try {
        route(ex);
    } catch (const std::exception& e) {
        rag::warnf("internal error on {}: {}", ex->request().target, e.what());
        ex->respond(500, kJson, json_error("internal error"));
    }
}

bool ChatService::authorized(const Exchange& ex) const {
    if (options_.token.empty()) return true;
    std::string_view auth = ex.request().header("Authorization");
    if (auth.size() > 7 && strncasecmp(auth.data(), "Bearer ", 7) == 0)
        return constant_time_equal(auth.substr(7), options_.token);
    std::string param = ex.request().param("access_token");   // EventSource cannot set headers
    return !param.empty() && constant_time_equal(param, options_.token);
}

void ChatService::route(const ExchangePtr& ex) {
    const http::Request& req = ex->request();
    const std::string& path = req.path;
    const std::string& m = req.method;
    bool is_get = m == "GET" || m == "HEAD";
    if (m == "OPTIONS") {
        return ex->respond(204, {}, {}, "Allow: GET, POST, OPTIONS\r\n"
                                        "Access-Control-Allow-Methods: GET, POST, OPTIONS\r\n"
                                        "Access-Control-Allow-Headers: Content-Type, Authorization, Last-Event-ID\r\n"
                                        "Access-Control-Max-Age: 600\r\n");
    }
    auto method_not_allowed = [&](std::string_view allow) {
        ex->respond(405, kJson, json_error("method not allowed"), fmt::format("Allow: {}, OPTIONS\r\n", allow));
    };
    auto unauthorized = [&] {
        ex->respond(401, kJson, json_error("missing or wrong bearer token"), "WWW-Authenticate: Bearer\r\n");
    };
    if (path == "/" || path == "/index.html") {
        if (!is_get) return method_not_allowed("GET, HEAD");
        return ex->respond(200, "text/html; charset=utf-8", chat_page());
    }
    if (path == "/healthz") {
        if (!is_get) return method_not_allowed("GET, HEAD");
        return ex->respond(200, kJson, fmt::format("{{\"ok\":true,\"runs\":{},\"connections\":{}}}",
                                                   runs_.size(), server_.connections()));
    }
    if (path == "/metrics") {
        if (!is_get) return method_not_allowed("GET, HEAD");
        if (!authorized(*ex)) return unauthorized();
        return ex->respond(200, "text/plain; version=0.0.4; charset=utf-8",
                           metrics_.render(runs_.size(), server_.connections(), runner_.processes()));
    }
    if (path == "/api/chat/stream") {
        if (m != "POST" && m != "GET") return method_not_allowed("GET, POST");
        if (!authorized(*ex)) return unauthorized();
        if (m == "GET" && !req.header("Last-Event-ID").empty())
            return ex->respond(204, {}, {});   // a reconnect after the end: never run the question twice
        return start_run(ex, req.body, true);
    }
    if (path == "/api/chat") {
        if (m != "POST") return method_not_allowed("POST");
        if (!authorized(*ex)) return unauthorized();
        return start_run(ex, req.body, false);
    }
    ex->respond(404, kJson, json_error("no such endpoint"));
}

void ChatService::start_run(const ExchangePtr& ex, const std::string& body, bool stream) {
    rag::Request r;
    BodyError err;
    bool ok = ex->request().method == "GET" ? parse_params(ex->request(), r, err) : parse_body(body, r, err);
    if (!ok) return ex->respond(err.status, kJson, json_error(err.message));
    if (runs_.size() >= options_.max_runs)
        return ex->respond(503, kJson, json_error("too many runs at once; retry shortly"), "Retry-After: 1\r\n");
    std::string id = new_run_id();
    auto run = std::make_unique<Run>(*this, id, ex, stream);
    Run* rp = run.get();
    runs_.emplace(id, std::move(run));
    rp->begin(request_line(id, r));
}

void ChatService::run_ended(const std::string& run_id) {
    // The run may be on the stack (it called us): free it after this batch.
    auto it = runs_.find(run_id);
    if (it == runs_.end()) return;
    std::shared_ptr<Run> keep(std::move(it->second));
    runs_.erase(it);
    loop_.defer([keep] {});
}

void ChatService::cancel_all(const std::string& message) {
    std::vector<Run*> all;
    for (auto& [id, run] : runs_) all.push_back(run.get());
    for (Run* r : all) r->abandon(message);
}

void ChatService::finished(const Exchange& ex) {
    int status = ex.aborted && ex.status == 0 ? 499 : ex.status;
    ++metrics_.requests_by_status[status];
    if (!options_.access_log) return;
    const http::Request& req = ex.request();
    std::string ttft = ex.first_token_ms < 0 ? "-" : fmt::format("{:.1f}", ex.first_token_ms);
    rag::warnf("{} \"{} {}\" {}{} run={} bytes={} ttft_ms={} ms={:.1f}", ex.peer(), req.method, req.target, status,
               ex.aborted ? " aborted" : "", ex.run_id.empty() ? "-" : ex.run_id, ex.bytes_out, ttft,
               now_ms() - ex.started_ms);
}

}  // namespace rag::http
