// SPDX-License-Identifier: MIT
// A run's events as an OpenAI chat completion: chunk frames on a stream, or one chat.completion.
#include "lib/http/openai_relay.h"

#include <simdjson.h>

#include "lib/core/json_out.h"
#include "lib/http/openai_error.h"

namespace rag::http {
namespace {

constexpr std::string_view kPipelineError = "pipeline_error";

// {"sources": S}, {"verify": V, "cached": C}: the extra top-level field clients that do not know it ignore.
std::string rag_field(std::string_view key, std::string_view json) {
    std::string s;
    JsonWriter(s).begin_object().key(key).raw(json).end_object();
    return s;
}

std::string finish_rag(std::string_view verify, bool cached) {
    std::string s;
    JsonWriter(s).begin_object().key("verify").raw(verify).key("cached").boolean(cached).end_object();
    return s;
}

class OpenAIFramer : public SseFramer {
public:
    OpenAIFramer(ChunkHead head, int64_t prompt_tokens) : head_(std::move(head)) {
        usage_.prompt_tokens = prompt_tokens;
    }

    std::string head() override { return {}; }

    std::string frames(std::string_view type, std::string_view data) override {
        if (ended_) return {};
        if (type == "sources") return role(rag_field("sources", json_field(data, "sources", "[]")));
        if (type == "token") return token(data);
        if (type == "cached") cached_ = true;
        else if (type == "verify") verify_ = data;
        else if (type == "done") return done(data);
        else if (type == "error") return error(data);
        return {};
    }

private:
    std::string role(std::string rag) {
        if (role_sent_) return {};
        role_sent_ = true;
        return role_chunk(head_, rag);
    }

    std::string token(std::string_view data) {
        std::string out = role({});  // a run without sources still starts with the role
        ++usage_.completion_tokens;
        return out + content_chunk(head_, json_field(data, "t", ""));
    }

    std::string done(std::string_view data) {
        ended_ = true;
        std::string out = role({});
        simdjson::dom::element doc;
        int64_t tokens = 0;
        std::string_view reason = "stop";
        if (parser_.parse(data).get(doc) == simdjson::SUCCESS) {
            if (doc["tokens"].get_int64().get(tokens) == simdjson::SUCCESS) usage_.completion_tokens = tokens;
            if (std::string_view r; doc["finish_reason"].get_string().get(r) == simdjson::SUCCESS && r == "length")
                reason = "length";
        }
        out += finish_chunk(head_, reason, finish_rag(verify_, cached_));
        if (head_.include_usage) out += usage_chunk(head_, usage_);
        return out.append(kDoneFrame);
    }

    std::string error(std::string_view data) {
        ended_ = true;
        return error_frame(502, json_field(data, "message", "the pipeline failed"), kPipelineError).append(kDoneFrame);
    }

    // A string's text, or any other value as JSON; `absent` when missing.
    std::string json_field(std::string_view data, const char* key, std::string_view absent) {
        simdjson::dom::element doc, v;
        if (parser_.parse(data).get(doc) != simdjson::SUCCESS || doc[key].get(v) != simdjson::SUCCESS)
            return std::string(absent);
        std::string_view s;
        return v.get_string().get(s) == simdjson::SUCCESS ? std::string(s) : simdjson::minify(v);
    }

    ChunkHead head_;
    Usage usage_;
    simdjson::dom::parser parser_;
    std::string verify_ = "null";
    bool role_sent_ = false, cached_ = false, ended_ = false;
};

class OpenAIFormat : public AnswerFormat {
public:
    OpenAIFormat(ChunkHead head, int64_t prompt_tokens) : head_(std::move(head)), prompt_tokens_(prompt_tokens) {}

    std::string body(const CollectedAnswer& a) override {
        std::string rag;
        JsonWriter(rag)
            .begin_object()
            .key("sources")
            .raw(a.sources)
            .key("verify")
            .raw(a.verify)
            .key("cached")
            .boolean(a.cached)
            .end_object();
        return completion_json(head_, a.answer, a.truncated ? "length" : "stop", rag, {prompt_tokens_, a.tokens});
    }

    std::string error_body(std::string_view, int status, std::string_view, std::string_view message) override {
        return openai_error(status, message, status == 502 ? kPipelineError : std::string_view{});
    }

private:
    ChunkHead head_;
    int64_t prompt_tokens_;
};

}  // namespace

std::unique_ptr<Reply> make_openai_relay(Loop& loop, ExchangePtr ex, ChunkHead head, int64_t prompt_tokens,
                                         SseOptions options) {
    return make_sse_relay(loop, std::move(ex), std::make_unique<OpenAIFramer>(std::move(head), prompt_tokens), options);
}

std::unique_ptr<Reply> make_openai_collector(ExchangePtr ex, ChunkHead head, int64_t prompt_tokens) {
    std::string run = head.id;
    return make_answer_collector(std::move(ex), std::move(run),
                                 std::make_unique<OpenAIFormat>(std::move(head), prompt_tokens));
}

}  // namespace rag::http
