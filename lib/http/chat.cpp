// SPDX-License-Identifier: MIT
// The chat API of rag-sse: its routes, bearer auth, runs, health, metrics and access log.
#include "lib/http/chat.h"

#include <strings.h>
#include <ctime>

#include <fmt/format.h>

#include "lib/core/error.h"
#include "lib/core/event.h"
#include "lib/core/json_out.h"
#include "lib/core/request.h"
#include "lib/http/chat_request.h"
#include "lib/http/openai_relay.h"
#include "lib/http/openai_request.h"

namespace rag::http {
namespace {

constexpr std::string_view kJson = "application/json";

bool constant_time_equal(std::string_view a, std::string_view b) {
    unsigned char diff = a.size() != b.size();
    for (size_t i = 0; i < a.size() && i < b.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

}  // namespace

ChatService::ChatService(Loop& loop, Server& server, Runner& runner, ChatOptions options)
    : loop_(loop), server_(server), runner_(runner), options_(std::move(options)),
      resume_(loop_, metrics_, runs_, options_.sse, options_.resume), host_{loop_,
                                                                            runner_,
                                                                            metrics_,
                                                                            options_.run_timeout_ms,
                                                                            [this](const std::string& id) {
                                                                                run_ended(id);
                                                                            },
                                                                            options_.sse,
                                                                            options_.resume.window_ms,
                                                                            options_.resume.run_bytes,
                                                                            [this](Run& run) { resume_.detached(run); },
                                                                            [this] { resume_.logged(); }},
      page_(options_.page_dir), models_(options_.models) {
    host_.max_run_bytes = options_.max_run_bytes;
    add_routes();
}

ChatService::~ChatService() = default;

void ChatService::add_routes() {
    auto health = [this](const ExchangePtr& ex) {
        std::string body;
        JsonWriter(body)
            .begin_object()
            .key("ok")
            .boolean(true)
            .key("runs")
            .num(uint64_t{runs_.size()})
            .key("connections")
            .num(uint64_t{server_.connections()})
            .end_object();
        ex->respond(200, kJson, body);
    };
    auto metrics = authorized([this](const ExchangePtr& ex) {
        ex->respond(200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics_.render(runs_.size(), server_.connections(), runner_.processes()));
    });
    auto stream = authorized([this](const ExchangePtr& ex) {
        std::string last = last_event_id(ex->request());
        if (!last.empty()) return resume_.resume(ex, last);  // a reconnect: never runs the question twice
        start_native_run(ex, true);
    });
    auto answer = authorized([this](const ExchangePtr& ex) { start_native_run(ex, false); });
    // Stop on the page: with a resume window a run outlives its client's disconnect, so say it is unwanted.
    auto cancel = authorized([this](const ExchangePtr& ex) {
        auto it = runs_.find(ex->request().path.substr(std::string_view("/api/runs/").size()));
        if (it == runs_.end()) return ex->respond(404, kJson, json_error("no such run (it has ended)"));
        it->second->abandon("cancelled by the client");
        ex->respond(204, {}, {});
    });
    page_.add_routes(routes_);
    for (const char* method : {"GET", "HEAD"}) routes_.on(method, "/healthz", health).on(method, "/metrics", metrics);
    routes_.on_prefix("GET", std::string(kSessionsPrefix), authorized(sessions_handler(options_.session_turns)));
    routes_.on_prefix("DELETE", "/api/runs/", cancel);
    routes_.on("GET", "/api/chat/stream", stream).on("POST", "/api/chat/stream", stream);
    routes_.on("POST", "/api/chat", answer);
    add_openai_routes();
}

void ChatService::add_openai_routes() {
    constexpr std::string_view kModelPrefix = "/v1/models/";
    auto models = [this](const ExchangePtr& ex) { ex->respond(200, kJson, models_.list_json()); };
    auto model = [this, kModelPrefix](const ExchangePtr& ex) {
        auto body = models_.model_json(std::string_view(ex->request().path).substr(kModelPrefix.size()));
        if (!body) return respond_error(ex, ApiShape::openai, 404, "no such model", "model_not_found");
        ex->respond(200, kJson, *body);
    };
    auto completions = [this](const ExchangePtr& ex) { start_completion(ex); };
    routes_.on("GET", "/v1/models", authorized(models, ApiShape::openai));
    routes_.on_prefix("GET", std::string(kModelPrefix), authorized(model, ApiShape::openai));
    routes_.on("POST", "/v1/chat/completions", authorized(completions, ApiShape::openai));
}

void ChatService::handle(const ExchangePtr& ex) {
    try {
        routes_.dispatch(ex);
    } catch (const std::exception& e) {
        rag::warnf("internal error on {}: {}", ex->request().target, e.what());
        ex->respond(500, kJson, json_error("internal error"));
    }
}

bool ChatService::has_token(const Exchange& ex) const {
    if (options_.token.empty()) return true;
    std::string_view auth = ex.request().header("Authorization");
    if (auth.size() > 7 && strncasecmp(auth.data(), "Bearer ", 7) == 0)
        return constant_time_equal(auth.substr(7), options_.token);
    std::string param = ex.request().param("access_token");  // EventSource cannot set headers
    return !param.empty() && constant_time_equal(param, options_.token);
}

Routes::Handler ChatService::authorized(Routes::Handler handler, ApiShape shape) const {
    return [this, handler = std::move(handler), shape](const ExchangePtr& ex) {
        if (has_token(*ex)) return handler(ex);
        respond_error(ex, shape, 401, "missing or wrong bearer token", "invalid_api_key",
                      "WWW-Authenticate: Bearer\r\n");
    };
}

void ChatService::start_run(const ExchangePtr& ex, const rag::Request& request, ApiShape shape,
                            const ReplyMaker& make_reply, bool resumable) {
    if (!models_.allows(request.model))
        return respond_error(
            ex, shape, shape == ApiShape::openai ? 404 : 422,
            fmt::format("model '{}' is not offered by this server (GET /v1/models lists them)", request.model),
            "model_not_found");
    if (runs_.size() >= options_.max_runs)
        return respond_error(ex, shape, 503, "too many runs at once; retry shortly", {}, "Retry-After: 1\r\n");
    std::string id = new_run_id();
    auto run = std::make_unique<Run>(host_, id, ex, make_reply(id), resumable);
    Run* rp = run.get();
    runs_.emplace(id, std::move(run));
    rp->begin(rag::request_event_line(id, request));
}

void ChatService::start_native_run(const ExchangePtr& ex, bool stream) {
    ChatRequest chat = parse_chat_request(ex->request());
    if (!chat.ok()) return ex->respond(chat.error.status, kJson, json_error(chat.error.message));
    auto reply = [&](const std::string& id) {
        return stream ? make_sse_relay(loop_, ex, id, options_.sse) : make_answer_collector(ex, id);
    };
    // Without a resume window nobody can come back to a stream, so it keeps no events.
    start_run(ex, chat.request, ApiShape::native, reply, stream && options_.resume.window_ms > 0);
}

// OpenAI clients cannot resume (the chunks carry no SSE ids), so a stream is not
// kept for a Last-Event-ID: a client that goes away cancels its run.
void ChatService::start_completion(const ExchangePtr& ex) {
    OpenAIRequest req = parse_openai_request(ex->request().body);
    if (!req.ok()) {
        return ex->respond(req.error.status, kJson,
                           openai_error(req.error.status, req.error.message, req.error.code, req.error.param));
    }
    std::optional<std::string> model = models_.pipeline_model(req.model);
    if (!model) {
        return ex->respond(
            404, kJson,
            openai_error(404, fmt::format("the model '{}' does not exist (GET /v1/models lists them)", req.model),
                         "model_not_found", "model"));
    }
    req.request.model = *model;
    int64_t prompt_tokens = estimate_tokens(rag::contextualized_query(req.request)) + estimate_tokens(req.request.sampling.system);
    auto reply = [&](const std::string& id) {
        ChunkHead head{id, req.model, static_cast<int64_t>(time(nullptr)), req.include_usage};
        return req.stream ? make_openai_relay(loop_, ex, std::move(head), prompt_tokens, options_.sse)
                          : make_openai_collector(ex, std::move(head), prompt_tokens);
    };
    start_run(ex, req.request, ApiShape::openai, reply, false);
}

void ChatService::run_ended(const std::string& run_id) {
    // The store holds a finished stream for its resume window, or frees the
    // run after this batch (it may be on the stack: it called us).
    auto it = runs_.find(run_id);
    if (it == runs_.end()) return;
    std::unique_ptr<Run> run = std::move(it->second);
    runs_.erase(it);
    resume_.ended(std::move(run));
}

void ChatService::cancel_all(const std::string& message) {
    std::vector<Run*> all;
    for (auto& [id, run] : runs_) all.push_back(run.get());
    for (Run* r : all) r->abandon(message);
}

void ChatService::finished(const Exchange& ex) {
    int status = ex.aborted && ex.status == 0 ? 499 : ex.status;
    ++metrics_.requests_by_status[status];
    ++metrics_.requests_by_endpoint[routes_.endpoint(ex.request().path)];
    if (!options_.access_log) return;
    const http::Request& req = ex.request();
    std::string ttft = ex.first_token_ms < 0 ? "-" : fmt::format("{:.1f}", ex.first_token_ms);
    rag::warnf("{} \"{} {}\" {}{} run={} bytes={} ttft_ms={} ms={:.1f}{}{}", ex.peer(), req.method, req.target, status,
               ex.aborted ? " aborted" : "", ex.run_id.empty() ? "-" : ex.run_id, ex.bytes_out, ttft,
               now_ms() - ex.started_ms, ex.note.empty() ? "" : " ", ex.note);
}

}  // namespace rag::http
