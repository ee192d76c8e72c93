// SPDX-License-Identifier: MIT
// OpenAI's chat.completion.chunk frames and chat.completion object, with rag's sources and verify.
#include "lib/http/openai_chunks.h"

#include <functional>

#include "lib/core/json_out.h"
#include "lib/http/openai_error.h"

namespace rag::http {
namespace {

std::string data_frame(std::string_view json) {
    std::string s = "data: ";
    s.append(json).append("\n\n");
    return s;
}

// {"id", "object", "created", "model", FIELDS..., "usage"?}: the frame every chunk shares.
std::string chunk(const ChunkHead& head, const std::function<void(JsonWriter&)>& fields) {
    std::string s;
    JsonWriter w(s);
    w.begin_object().key("id").str(head.id).key("object").str("chat.completion.chunk");
    w.key("created").num(head.created).key("model").str(head.model);
    fields(w);
    w.end_object();
    return data_frame(s);
}

void usage_null(JsonWriter& w, const ChunkHead& head) {
    if (head.include_usage) w.key("usage").null();
}

// "choices": [{"index": 0, "delta": DELTA, "logprobs": null, "finish_reason": REASON}]
void one_choice(JsonWriter& w, const std::function<void(JsonWriter&)>& delta, std::string_view reason) {
    w.key("choices").begin_array().begin_object().key("index").num(0).key("delta").begin_object();
    delta(w);
    w.end_object().key("logprobs").null().key("finish_reason");
    reason.empty() ? w.null() : w.str(reason);
    w.end_object().end_array();
}

void write_usage(JsonWriter& w, const Usage& u) {
    w.key("usage").begin_object().key("prompt_tokens").num(u.prompt_tokens);
    w.key("completion_tokens").num(u.completion_tokens);
    w.key("total_tokens").num(u.prompt_tokens + u.completion_tokens).end_object();
}

}  // namespace

std::string role_chunk(const ChunkHead& head, std::string_view rag_json) {
    return chunk(head, [&](JsonWriter& w) {
        one_choice(w, [](JsonWriter& d) { d.key("role").str("assistant").key("content").str(""); }, {});
        usage_null(w, head);
        if (!rag_json.empty()) w.key("rag").raw(rag_json);
    });
}

std::string content_chunk(const ChunkHead& head, std::string_view text) {
    return chunk(head, [&](JsonWriter& w) {
        one_choice(w, [&](JsonWriter& d) { d.key("content").str(text); }, {});
        usage_null(w, head);
    });
}

std::string finish_chunk(const ChunkHead& head, std::string_view reason, std::string_view rag_json) {
    return chunk(head, [&](JsonWriter& w) {
        one_choice(
            w, [](JsonWriter&) {}, reason);
        usage_null(w, head);
        if (!rag_json.empty()) w.key("rag").raw(rag_json);
    });
}

std::string usage_chunk(const ChunkHead& head, const Usage& usage) {
    return chunk(head, [&](JsonWriter& w) {
        w.key("choices").begin_array().end_array();
        write_usage(w, usage);
    });
}

std::string error_frame(int status, std::string_view message, std::string_view code) {
    return data_frame(openai_error(status, message, code));
}

std::string completion_json(const ChunkHead& head, std::string_view answer, std::string_view reason,
                            std::string_view rag_json, const Usage& usage) {
    std::string s;
    JsonWriter w(s);
    w.begin_object().key("id").str(head.id).key("object").str("chat.completion");
    w.key("created").num(head.created).key("model").str(head.model);
    w.key("choices").begin_array().begin_object().key("index").num(0);
    w.key("message").begin_object().key("role").str("assistant").key("content").str(answer).key("refusal").null();
    w.end_object().key("logprobs").null().key("finish_reason").str(reason).end_object().end_array();
    write_usage(w, usage);
    if (!rag_json.empty()) w.key("rag").raw(rag_json);
    w.end_object();
    return s;
}

int64_t estimate_tokens(std::string_view text) { return static_cast<int64_t>((text.size() + 3) / 4); }

}  // namespace rag::http
