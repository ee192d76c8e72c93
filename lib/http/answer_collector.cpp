// SPDX-License-Identifier: MIT
// The answer collector: a run gathered into one JSON answer (POST /api/chat, /v1/chat/completions).
#include <simdjson.h>

#include "lib/core/json_out.h"
#include "lib/http/reply.h"

namespace rag::http {
namespace {

constexpr std::string_view kJson = "application/json";

// rag's own answer: {answer, sources, cached, verify, duration_ms, run_id}.
class NativeFormat : public AnswerFormat {
public:
    std::string body(const CollectedAnswer& a) override {
        std::string body;
        JsonWriter(body)
            .begin_object()
            .key("answer")
            .str(a.answer)
            .key("sources")
            .raw(a.sources)
            .key("cached")
            .boolean(a.cached)
            .key("verify")
            .raw(a.verify)
            .key("duration_ms")
            .num(static_cast<int64_t>(now_ms() - a.started_ms))
            .key("run_id")
            .str(a.run)
            .end_object();
        return body;
    }

    std::string error_body(std::string_view run, int, std::string_view error_json, std::string_view) override {
        std::string body;
        JsonWriter(body).begin_object().key("error").raw(error_json).key("run_id").str(run).end_object();
        return body;
    }
};

class AnswerCollector : public Reply {
public:
    AnswerCollector(ExchangePtr ex, std::string run, std::unique_ptr<AnswerFormat> format)
        : ex_(std::move(ex)), run_(std::move(run)), format_(std::move(format)) {}

    void event(std::string_view type, std::string_view data) override {
        if (type == "sources") take_sources(data);
        else if (type == "verify") verify_ = data;
        else if (type == "cached") cached_ = true;
        else if (type == "token") {
            answer_ += string_field(data, "t");
            ++token_events_;
        } else if (type == "done") answer(data);
        else if (type == "error") respond_error(502, data);
    }

    void fail(std::string_view message, int status) override { respond_error(status, own_error_data(message)); }

    void finish() override {
        if (ex_->live()) respond_error(500, own_error_data("the run ended without an answer"));
    }

    bool streaming() const override { return false; }

private:
    std::string_view string_field(std::string_view data, const char* key) {
        simdjson::dom::element doc;
        std::string_view s;
        if (parser_.parse(data).get(doc) == simdjson::SUCCESS && doc[key].get_string().get(s) == simdjson::SUCCESS)
            return s;
        return {};
    }

    void take_sources(std::string_view data) {
        simdjson::dom::element doc, s;
        if (parser_.parse(data).get(doc) == simdjson::SUCCESS && doc["sources"].get(s) == simdjson::SUCCESS)
            sources_ = simdjson::minify(s);
    }

    // `done` carries the whole answer; the tokens are the fallback.
    void answer(std::string_view data) {
        simdjson::dom::element doc;
        int64_t tokens = -1;
        bool truncated = false;
        if (parser_.parse(data).get(doc) == simdjson::SUCCESS) {
            std::string_view a, reason;
            bool c = false;
            if (doc["answer"].get_string().get(a) == simdjson::SUCCESS) answer_ = a;
            if (doc["cached"].get_bool().get(c) == simdjson::SUCCESS) cached_ = cached_ || c;
            if (doc["tokens"].get_int64().get(tokens) != simdjson::SUCCESS) tokens = -1;
            truncated = doc["finish_reason"].get_string().get(reason) == simdjson::SUCCESS && reason == "length";
        }
        CollectedAnswer a{run_,           answer_, sources_, verify_, cached_, tokens >= 0 ? tokens : token_events_,
                          ex_->started_ms, truncated};
        ex_->respond(200, kJson, format_->body(a));
    }

    void respond_error(int status, std::string_view error_json) {
        std::string message(string_field(error_json, "message"));
        ex_->respond(status, kJson, format_->error_body(run_, status, error_json, message));
    }

    ExchangePtr ex_;
    std::string run_;
    std::unique_ptr<AnswerFormat> format_;
    simdjson::dom::parser parser_;
    std::string answer_, sources_ = "[]", verify_ = "null";
    bool cached_ = false;
    int64_t token_events_ = 0;
};

}  // namespace

std::unique_ptr<Reply> make_answer_collector(ExchangePtr ex, std::string run, std::unique_ptr<AnswerFormat> format) {
    return std::make_unique<AnswerCollector>(std::move(ex), std::move(run), std::move(format));
}

std::unique_ptr<Reply> make_answer_collector(ExchangePtr ex, std::string run) {
    return make_answer_collector(std::move(ex), std::move(run), std::make_unique<NativeFormat>());
}

}  // namespace rag::http
