// SPDX-License-Identifier: MIT
// Ollama's /api/chat: the request, and the decoder of its streamed answer (NDJSON, ended by "done": true).
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

class OllamaStream final : public ChatStream {
public:
    bool feed(std::string_view bytes, const TextFn& text) override {
        if (!error_.empty()) return false;
        if (!lines_.feed(bytes, [&](std::string_view line) { on_line(line, text); }))
            return fail("malformed chunk from ollama: a line longer than 16 MiB");
        return error_.empty();
    }

    bool finish(const TextFn& text) override {
        if (!error_.empty()) return false;
        if (!lines_.rest().empty()) on_line(std::string(lines_.rest()), text);
        if (error_.empty() && !complete_) fail("the ollama stream ended before \"done\": true");
        return error_.empty();
    }

private:
    void on_line(std::string_view line, const TextFn& text) {
        if (!error_.empty() || complete_) return;  // after the end, nothing counts
        if (line.find_first_not_of(" \t") == std::string_view::npos) return;
        simdjson::dom::object obj;
        if (parser_.parse(line).get_object().get(obj)) {
            fail("malformed chunk from ollama: " + excerpt(line));
            return;
        }
        simdjson::dom::element error;
        if (!obj["error"].get(error)) {
            std::string_view s;
            if (error.get_string().get(s) && error["message"].get_string().get(s)) s = "unknown error";
            fail(std::string(s));
            return;
        }
        std::string_view content;
        if (!obj["message"]["content"].get_string().get(content) && !content.empty()) text(content);
        bool done = false;
        if (!obj["done"].get_bool().get(done) && done) {
            complete_ = true;
            int64_t n;
            if (!obj["eval_count"].get_int64().get(n)) tokens_ = n;
            std::string_view reason;
            truncated_ = !obj["done_reason"].get_string().get(reason) && reason == "length";
        }
    }

    LineSplitter lines_;
    simdjson::dom::parser parser_;
};

class OllamaBackend final : public ChatBackend {
public:
    explicit OllamaBackend(std::string base_url) : endpoint_(ollama_endpoint(base_url)) {}

    HttpRequest request(const std::vector<ChatMessage>& messages, const ChatOptions& options) const override {
        HttpRequest req;
        req.url = endpoint_;
        req.body = ollama_request_body(messages, options);
        return req;
    }

    std::unique_ptr<ChatStream> stream() const override { return std::make_unique<OllamaStream>(); }

private:
    std::string endpoint_;
};

}  // namespace

std::unique_ptr<ChatStream> make_ollama_stream() { return std::make_unique<OllamaStream>(); }

std::unique_ptr<ChatBackend> make_ollama_backend(std::string base_url) {
    return std::make_unique<OllamaBackend>(std::move(base_url));
}

}  // namespace rag
