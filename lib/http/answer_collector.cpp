// SPDX-License-Identifier: MIT
// The answer collector: a run gathered into one JSON answer (POST /api/chat).
#include <simdjson.h>

#include "lib/core/json_out.h"
#include "lib/http/reply.h"

namespace rag::http {
namespace {

constexpr std::string_view kJson = "application/json";

class AnswerCollector : public Reply {
public:
    AnswerCollector(ExchangePtr ex, std::string run) : ex_(std::move(ex)), run_(std::move(run)) {}

    void event(std::string_view type, std::string_view data) override {
        if (type == "sources") take_sources(data);
        else if (type == "verify") verify_ = data;
        else if (type == "cached") cached_ = true;
        else if (type == "token") answer_ += string_field(data, "t");
        else if (type == "done") answer(data);
        else if (type == "error") respond_error(502, data);
    }

    void fail(std::string_view message, int status) override { respond_error(status, own_error_data(message)); }

    void finish() override {
        if (ex_->live()) ex_->respond(500, kJson, json_error("the run ended without an answer"));
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
        if (parser_.parse(data).get(doc) == simdjson::SUCCESS) {
            std::string_view a;
            bool c = false;
            if (doc["answer"].get_string().get(a) == simdjson::SUCCESS) answer_ = a;
            if (doc["cached"].get_bool().get(c) == simdjson::SUCCESS) cached_ = cached_ || c;
        }
        std::string body;
        JsonWriter(body)
            .begin_object()
            .key("answer")
            .str(answer_)
            .key("sources")
            .raw(sources_)
            .key("cached")
            .boolean(cached_)
            .key("verify")
            .raw(verify_)
            .key("duration_ms")
            .num(static_cast<int64_t>(now_ms() - ex_->started_ms))
            .key("run_id")
            .str(run_)
            .end_object();
        ex_->respond(200, kJson, body);
    }

    void respond_error(int status, std::string_view error_json) {
        std::string body;
        JsonWriter(body).begin_object().key("error").raw(error_json).key("run_id").str(run_).end_object();
        ex_->respond(status, kJson, body);
    }

    ExchangePtr ex_;
    std::string run_;
    simdjson::dom::parser parser_;
    std::string answer_, sources_ = "[]", verify_ = "null";
    bool cached_ = false;
};

}  // namespace

std::unique_ptr<Reply> make_answer_collector(ExchangePtr ex, std::string run) {
    return std::make_unique<AnswerCollector>(std::move(ex), std::move(run));
}

}  // namespace rag::http
