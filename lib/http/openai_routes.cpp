// SPDX-License-Identifier: MIT
// The OpenAI-compatible routes of rag-sse: any OpenAI chat client becomes a front end for the corpus.
#include <ctime>

#include "lib/core/json_out.h"
#include "lib/http/chat.h"
#include "lib/http/openai_reply.h"
#include "lib/http/openai_request.h"

namespace rag::http {
namespace {

constexpr std::string_view kJson = "application/json";

void respond_error(const ExchangePtr& ex, const OpenAiError& e, std::string_view headers = {}) {
    ex->respond(e.status, kJson, openai_error_body(e), headers);
}

std::string models_list() {
    std::string out;
    JsonWriter w(out);
    w.begin_object().key("object").str("list").key("data").begin_array();
    for (const std::string& m : openai_models()) {
        w.begin_object().key("id").str(m).key("object").str("model").key("created").num(int64_t{0});
        w.key("owned_by").str("rag-tools").end_object();
    }
    w.end_array().end_object();
    return out;
}

}  // namespace

void ChatService::add_openai_routes() {
    // The native endpoints' bearer token, with OpenAI's error object for a client that lacks it.
    auto openai_auth = [this](Routes::Handler handler) -> Routes::Handler {
        return [this, handler = std::move(handler)](const ExchangePtr& ex) {
            if (has_token(*ex)) return handler(ex);
            respond_error(ex,
                          {401,
                           "missing or wrong bearer token (Authorization: Bearer TOKEN)",
                           "invalid_request_error",
                           {},
                           "invalid_api_key"},
                          "WWW-Authenticate: Bearer\r\n");
        };
    };
    routes_.on("POST", "/v1/chat/completions", openai_auth([this](const ExchangePtr& ex) { start_openai_run(ex); }));
    routes_.on("GET", "/v1/models", openai_auth([](const ExchangePtr& ex) { ex->respond(200, kJson, models_list()); }));
}

void ChatService::start_openai_run(const ExchangePtr& ex) {
    OpenAiChat chat = parse_openai_chat(ex->request().body);
    if (!chat.ok()) return respond_error(ex, chat.error);
    if (full())
        return respond_error(ex, {503, "too many runs at once; retry shortly", "server_error", {}, "overloaded"},
                             "Retry-After: 1\r\n");
    OpenAiReplyOptions reply{{}, chat.model, chat.include_usage};
    // A client that goes away cancels its run: OpenAI clients do not resume.
    launch(ex, chat.request, false, [&](const std::string& id) {
        reply.run = id;
        return chat.stream ? make_openai_stream(ex, reply) : make_openai_completion(ex, reply);
    });
}

}  // namespace rag::http
