// SPDX-License-Identifier: MIT
// The chat API of rag-sse: its routes, bearer auth, runs, health, metrics and access log.
#include "lib/http/chat.h"

#include <strings.h>

#include <fmt/format.h>

#include "lib/core/error.h"
#include "lib/core/event.h"
#include "lib/core/json_out.h"
#include "lib/core/request.h"
#include "lib/http/chat_request.h"

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
      page_(options_.page_dir) {
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
        start_run(ex, true);
    });
    auto answer = authorized([this](const ExchangePtr& ex) { start_run(ex, false); });
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

Routes::Handler ChatService::authorized(Routes::Handler handler) const {
    return [this, handler = std::move(handler)](const ExchangePtr& ex) {
        if (has_token(*ex)) return handler(ex);
        ex->respond(401, kJson, json_error("missing or wrong bearer token"), "WWW-Authenticate: Bearer\r\n");
    };
}

void ChatService::start_run(const ExchangePtr& ex, bool stream) {
    ChatRequest chat = parse_chat_request(ex->request());
    if (!chat.ok()) return ex->respond(chat.error.status, kJson, json_error(chat.error.message));
    if (runs_.size() >= options_.max_runs)
        return ex->respond(503, kJson, json_error("too many runs at once; retry shortly"), "Retry-After: 1\r\n");
    std::string id = new_run_id();
    auto reply = stream ? make_sse_relay(loop_, ex, id, options_.sse) : make_answer_collector(ex, id);
    // Without a resume window nobody can come back to a stream, so it keeps no events.
    bool resumable = stream && options_.resume.window_ms > 0;
    auto run = std::make_unique<Run>(host_, id, ex, std::move(reply), resumable);
    Run* rp = run.get();
    runs_.emplace(id, std::move(run));
    rp->begin(rag::request_event_line(id, chat.request));
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
    if (!options_.access_log) return;
    const http::Request& req = ex.request();
    std::string ttft = ex.first_token_ms < 0 ? "-" : fmt::format("{:.1f}", ex.first_token_ms);
    rag::warnf("{} \"{} {}\" {}{} run={} bytes={} ttft_ms={} ms={:.1f}{}{}", ex.peer(), req.method, req.target, status,
               ex.aborted ? " aborted" : "", ex.run_id.empty() ? "-" : ex.run_id, ex.bytes_out, ttft,
               now_ms() - ex.started_ms, ex.note.empty() ? "" : " ", ex.note);
}

}  // namespace rag::http
