// SPDX-License-Identifier: MIT
// OpenAI's response shapes for a run: chat.completion.chunk frames, or one chat.completion.
#include "lib/http/openai_reply.h"

#include <ctime>

#include <simdjson.h>

#include "lib/core/json_out.h"
#include "lib/http/openai_request.h"

namespace rag::http {
namespace {

constexpr std::string_view kJson = "application/json";

// What both shapes gather from the events: the answer, its sources and verdict, its token count.
class Gathered {
public:
    void take(std::string_view type, std::string_view data) {
        if (type == "sources") sources_ = field_raw(data, "sources", "[]");
        else if (type == "verify") verify_ = data;
        else if (type == "token") ++tokens_, answer_ += field_string(data, "t");
        else if (type == "done") done(data);
    }
    const std::string& sources() const { return sources_; }
    const std::string& verify() const { return verify_; }
    const std::string& answer() const { return answer_; }
    int64_t tokens() const { return tokens_; }
    std::string error_message(std::string_view data) {
        std::string m = field_string(data, "message");
        return m.empty() ? "the run failed" : m;
    }

    std::string field_string(std::string_view data, const char* key) {
        simdjson::dom::element doc;
        std::string_view s;
        if (parser_.parse(data).get(doc) == simdjson::SUCCESS && doc[key].get_string().get(s) == simdjson::SUCCESS)
            return std::string(s);
        return {};
    }

private:
    std::string field_raw(std::string_view data, const char* key, std::string fallback) {
        simdjson::dom::element doc, v;
        if (parser_.parse(data).get(doc) == simdjson::SUCCESS && doc[key].get(v) == simdjson::SUCCESS)
            return simdjson::minify(v);
        return fallback;
    }
    void done(std::string_view data) {
        std::string answer = field_string(data, "answer");
        if (!answer.empty()) answer_ = std::move(answer);  // a cached answer comes whole, in done
        simdjson::dom::element doc;
        int64_t n;
        if (parser_.parse(data).get(doc) == simdjson::SUCCESS && doc["tokens"].get_int64().get(n) == simdjson::SUCCESS)
            tokens_ = n;
    }

    simdjson::dom::parser parser_;
    std::string sources_ = "[]", verify_, answer_;
    int64_t tokens_ = 0;
};

// The fields every response object starts with.
void head(JsonWriter& w, const OpenAiReplyOptions& o, int64_t created, std::string_view object) {
    w.key("id").str(o.run).key("object").str(object).key("created").num(created).key("model").str(o.model);
}

void usage(JsonWriter& w, int64_t completion_tokens) {
    // rag-tools does not count the prompt's tokens; completion tokens are the backend's (or the words streamed).
    w.key("usage").begin_object().key("prompt_tokens").num(0).key("completion_tokens").num(completion_tokens);
    w.key("total_tokens").num(completion_tokens).end_object();
}

void rag_field(JsonWriter& w, std::string_view key, std::string_view raw_json) {
    if (raw_json.empty()) return;
    w.key("rag").begin_object().key(key).raw(raw_json).end_object();
}

class OpenAiStream : public Reply {
public:
    OpenAiStream(ExchangePtr ex, OpenAiReplyOptions o)
        : ex_(std::move(ex)), o_(std::move(o)), created_(std::time(nullptr)) {}

    void begin() override {
        ex_->begin_stream(200, "text/event-stream; charset=utf-8",
                          "Cache-Control: no-cache, no-transform\r\nX-Accel-Buffering: no\r\n");
    }

    void event(std::string_view type, std::string_view data) override {
        if (ended_) return;
        g_.take(type, data);
        if (type == "sources") role_chunk();
        else if (type == "token") content_chunk(g_.field_string(data, "t"));
        else if (type == "done") last_chunks();
        else if (type == "error") error_frame(g_.error_message(data), "server_error");
    }

    void fail(std::string_view message, int /*status*/) override {
        if (!ended_) error_frame(std::string(message), "server_error");
    }

    void finish() override {
        if (!ended_) error_frame("the run ended without an answer", "server_error");
        ex_->end();
    }

    bool streaming() const override { return true; }

private:
    void send(const std::string& json) {
        std::string frame = "data: ";
        frame += json;
        frame += "\n\n";
        ex_->send(frame);
    }

    // choices[0] with `delta` written by `fill`, and `finish_reason`.
    template <typename Fill>
    void chunk(Fill&& fill, std::string_view finish_reason, std::string_view rag_key, std::string_view rag_json) {
        std::string out;
        JsonWriter w(out);
        w.begin_object();
        head(w, o_, created_, "chat.completion.chunk");
        w.key("choices").begin_array().begin_object().key("index").num(0).key("delta").begin_object();
        fill(w);
        w.end_object().key("logprobs").null().key("finish_reason");
        finish_reason.empty() ? w.null() : w.str(finish_reason);
        w.end_object().end_array();
        rag_field(w, rag_key, rag_json);
        w.end_object();
        send(out);
    }

    void role_chunk() {
        if (role_sent_) return;
        role_sent_ = true;
        chunk([](JsonWriter& w) { w.key("role").str("assistant").key("content").str(""); }, {}, "sources",
              g_.sources());
    }

    void content_chunk(const std::string& text) {
        role_chunk();
        if (text.empty()) return;
        content_sent_ = true;
        chunk([&](JsonWriter& w) { w.key("content").str(text); }, {}, {}, {});
    }

    void last_chunks() {
        if (!content_sent_) content_chunk(g_.answer());  // a cached answer comes whole, with no tokens
        role_chunk();
        chunk([](JsonWriter&) {}, "stop", "verify", g_.verify());
        if (o_.include_usage) {
            std::string out;
            JsonWriter w(out);
            w.begin_object();
            head(w, o_, created_, "chat.completion.chunk");
            w.key("choices").begin_array().end_array();
            usage(w, g_.tokens());
            w.end_object();
            send(out);
        }
        done_frame();
    }

    void error_frame(const std::string& message, std::string_view type) {
        send(openai_error_body({500, message, std::string(type), {}, {}}));
        done_frame();
    }

    void done_frame() {
        ex_->send("data: [DONE]\n\n");
        ended_ = true;
    }

    ExchangePtr ex_;
    OpenAiReplyOptions o_;
    int64_t created_;
    Gathered g_;
    bool role_sent_ = false, content_sent_ = false, ended_ = false;
};

class OpenAiCompletion : public Reply {
public:
    OpenAiCompletion(ExchangePtr ex, OpenAiReplyOptions o)
        : ex_(std::move(ex)), o_(std::move(o)), created_(std::time(nullptr)) {}

    void event(std::string_view type, std::string_view data) override {
        if (!ex_->live()) return;
        g_.take(type, data);
        if (type == "done") answer();
        else if (type == "error") respond_error(502, g_.error_message(data));
    }

    void fail(std::string_view message, int status) override { respond_error(status, std::string(message)); }

    void finish() override {
        if (ex_->live()) respond_error(500, "the run ended without an answer");
    }

    bool streaming() const override { return false; }

private:
    void answer() {
        std::string out;
        JsonWriter w(out);
        w.begin_object();
        head(w, o_, created_, "chat.completion");
        w.key("choices").begin_array().begin_object().key("index").num(0);
        w.key("message").begin_object().key("role").str("assistant").key("content").str(g_.answer()).end_object();
        w.key("logprobs").null().key("finish_reason").str("stop").end_object().end_array();
        usage(w, g_.tokens());
        w.key("rag").begin_object().key("sources").raw(g_.sources());
        if (!g_.verify().empty()) w.key("verify").raw(g_.verify());
        w.end_object().end_object();
        ex_->respond(200, kJson, out);
    }

    void respond_error(int status, std::string message) {
        if (!ex_->live()) return;
        std::string type = status >= 500 ? "server_error" : "invalid_request_error";
        ex_->respond(status, kJson, openai_error_body({status, std::move(message), type, {}, {}}));
    }

    ExchangePtr ex_;
    OpenAiReplyOptions o_;
    int64_t created_;
    Gathered g_;
};

}  // namespace

std::unique_ptr<Reply> make_openai_stream(ExchangePtr ex, OpenAiReplyOptions options) {
    return std::make_unique<OpenAiStream>(std::move(ex), std::move(options));
}

std::unique_ptr<Reply> make_openai_completion(ExchangePtr ex, OpenAiReplyOptions options) {
    return std::make_unique<OpenAiCompletion>(std::move(ex), std::move(options));
}

}  // namespace rag::http
