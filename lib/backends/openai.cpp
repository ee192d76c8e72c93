// SPDX-License-Identifier: MIT
// An OpenAI-compatible /v1/chat/completions: the request, and the decoder of its streamed answer (SSE, ended by [DONE]).
#include <simdjson.h>

#include "lib/backends/backend.h"
#include "lib/backends/stream_parse.h"
#include "lib/core/json_out.h"

namespace rag {
namespace {

std::string excerpt(std::string_view s) {
    s = s.substr(0, 80);
    return valid_utf8(s.substr(0, utf8_complete_prefix(s)));
}

// The text of an error value: a string, or an object's "message".
std::string error_text(simdjson::dom::element e) {
    std::string_view s;
    if (!e.get_string().get(s) || !e["message"].get_string().get(s)) return std::string(s);
    return simdjson::minify(e);
}

class OpenAIStream final : public ChatStream {
public:
    bool feed(std::string_view bytes, const TextFn& text) override {
        if (!error_.empty()) return false;
        if (!sse_.feed(bytes, [&](const SseEvent& ev) { on_event(ev, text); }))
            return fail("malformed chunk from the openai server: a line longer than 16 MiB");
        return error_.empty();
    }

    bool finish(const TextFn& text) override {
        if (!error_.empty()) return false;
        sse_.finish([&](const SseEvent& ev) { on_event(ev, text); });
        if (error_.empty() && !complete_) fail("the openai stream ended before data: [DONE]");
        return error_.empty();
    }

private:
    void on_event(const SseEvent& ev, const TextFn& text) {
        if (!error_.empty() || complete_) return;
        if (ev.type == "error") return on_error_event(ev.data);
        if (ev.data == "[DONE]") {
            complete_ = true;
            return;
        }
        simdjson::dom::object obj;
        if (parser_.parse(ev.data).get_object().get(obj)) {
            fail("malformed chunk from the openai server: " + excerpt(ev.data));
            return;
        }
        simdjson::dom::element error;
        if (!obj["error"].get(error)) {
            fail(error_text(error));
            return;
        }
        int64_t n;
        if (!obj["usage"]["completion_tokens"].get_int64().get(n)) tokens_ = n;
        simdjson::dom::array choices;
        if (obj["choices"].get_array().get(choices)) return;
        for (simdjson::dom::element choice : choices) {
            int64_t index = 0;
            if (!choice["index"].get_int64().get(index) && index != 0) continue;
            std::string_view content;  // absent in the role-only first delta and the last one
            if (!choice["delta"]["content"].get_string().get(content) && !content.empty()) text(content);
            std::string_view reason;
            if (!choice["finish_reason"].get_string().get(reason)) truncated_ = reason == "length";
        }
    }

    void on_error_event(std::string_view data) {
        simdjson::dom::element e;
        if (parser_.parse(data).get(e)) {
            fail(excerpt(data));
            return;
        }
        simdjson::dom::element inner;
        fail(error_text(e["error"].get(inner) ? e : inner));
    }

    SseParser sse_;
    simdjson::dom::parser parser_;
};

class OpenAIBackend final : public ChatBackend {
public:
    OpenAIBackend(std::string base_url, std::string api_key)
        : endpoint_(openai_endpoint(base_url)), api_key_(std::move(api_key)) {}

    HttpRequest request(const std::vector<ChatMessage>& messages, const ChatOptions& options) const override {
        HttpRequest req;
        req.url = endpoint_;
        req.body = openai_request_body(messages, options);
        if (!api_key_.empty()) req.headers.push_back("Authorization: Bearer " + api_key_);
        return req;
    }

    std::unique_ptr<ChatStream> stream() const override { return std::make_unique<OpenAIStream>(); }

private:
    std::string endpoint_;
    std::string api_key_;  // sent in a header only, never logged
};

}  // namespace

std::unique_ptr<ChatStream> make_openai_stream() { return std::make_unique<OpenAIStream>(); }

std::unique_ptr<ChatBackend> make_openai_backend(std::string base_url, std::string api_key) {
    return std::make_unique<OpenAIBackend>(std::move(base_url), std::move(api_key));
}

}  // namespace rag
