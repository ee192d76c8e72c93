// SPDX-License-Identifier: MIT
// Tests of the OpenAI-compatible endpoint: request parsing and validation, the model
// allow-list, and the chunk frames checked against the shape of OpenAI's API reference.
#include <simdjson.h>
#include <catch2/catch.hpp>

#include "lib/http/openai_chunks.h"
#include "lib/http/openai_error.h"
#include "lib/http/openai_models.h"
#include "lib/http/openai_request.h"

using rag::http::parse_openai_request;

namespace {

// The JSON of one "data: {...}\n\n" frame.
simdjson::dom::element frame_json(simdjson::dom::parser& p, const std::string& frame) {
    REQUIRE(frame.starts_with("data: "));
    REQUIRE(frame.ends_with("\n\n"));
    return p.parse(frame.substr(6, frame.size() - 8));
}

const rag::http::ChunkHead kHead{"r0123456789ab", "rag", 1700000000, false};

}  // namespace

TEST_CASE("the last user message is the query, the turns before it the history", "[http][openai]") {
    auto r = parse_openai_request(R"({"model":"rag:extractive","messages":[
        {"role":"system","content":"Be brief."},
        {"role":"user","content":"What is BM25?"},
        {"role":"assistant","content":"A ranking function."},
        {"role":"user","content":[{"type":"text","text":"And k1?"},{"type":"image_url","image_url":{}}]}]})");
    REQUIRE(r.ok());
    CHECK(r.request.query == "And k1?");
    REQUIRE(r.request.history.size() == 2);
    CHECK(r.request.history[0].role == "user");
    CHECK(r.request.history[1].content == "A ranking function.");
    CHECK(r.request.sampling.system == "Be brief.");
    CHECK(r.model == "rag:extractive");
    CHECK_FALSE(r.stream);
}

TEST_CASE("stream, include_usage and a missing model", "[http][openai]") {
    auto r = parse_openai_request(R"({"stream":true,"stream_options":{"include_usage":true},"temperature":0.3,)"
                                  R"("tools":[],"messages":[{"role":"user","content":"q"}]})");
    REQUIRE(r.ok());
    CHECK(r.stream);
    CHECK(r.include_usage);
    CHECK(r.model == "rag");
}

TEST_CASE("refused bodies name the field at fault", "[http][openai]") {
    auto param = [](std::string_view body) {
        auto r = parse_openai_request(body);
        CHECK(r.error.status == 400);
        return r.error.param;
    };
    CHECK(param("{") == "");
    CHECK(param("[]") == "");
    CHECK(param(R"({"model":"rag"})") == "messages");
    CHECK(param(R"({"messages":[]})") == "messages");
    CHECK(param(R"({"messages":[{"role":"assistant","content":"hi"}]})") == "messages");
    CHECK(param(R"({"messages":[{"role":"user","content":"  "}]})") == "messages");
    CHECK(param(R"({"messages":[{"content":"q"}]})") == "messages");
    CHECK(param(R"({"n":2,"messages":[{"role":"user","content":"q"}]})") == "n");
    CHECK(param(R"({"model":5,"messages":[{"role":"user","content":"q"}]})") == "model");
    CHECK(param(R"({"stream":"yes","messages":[{"role":"user","content":"q"}]})") == "stream");
    CHECK(parse_openai_request(R"({"n":1,"messages":[{"role":"user","content":"q"}]})").ok());
}

TEST_CASE("the model catalog allows the default, extractive and --models only", "[http][openai]") {
    rag::http::ModelCatalog models({"ollama:llama3"});
    CHECK(models.allows(""));
    CHECK(models.allows("extractive"));
    CHECK(models.allows("ollama:llama3"));
    CHECK_FALSE(models.allows("ollama:mistral"));
    CHECK_FALSE(models.allows("openai:gpt-4o"));
    CHECK(models.pipeline_model("rag") == std::string());
    CHECK(models.pipeline_model("rag:ollama:llama3") == std::string("ollama:llama3"));
    CHECK(models.pipeline_model("ollama:llama3") == std::string("ollama:llama3"));
    CHECK_FALSE(models.pipeline_model("gpt-4o"));
    CHECK_FALSE(models.pipeline_model("rag:"));
    simdjson::dom::parser p;
    simdjson::dom::element list = p.parse(models.list_json());
    CHECK(std::string_view(list["object"]) == "list");
    CHECK(simdjson::dom::array(list["data"]).size() == 3);
}

TEST_CASE("the role chunk starts the choice and carries rag.sources", "[http][openai]") {
    simdjson::dom::parser p;
    auto c = frame_json(p, rag::http::role_chunk(kHead, R"({"sources":[]})"));
    CHECK(std::string_view(c["id"]) == "r0123456789ab");
    CHECK(std::string_view(c["object"]) == "chat.completion.chunk");
    CHECK(int64_t(c["created"]) == 1700000000);
    CHECK(std::string_view(c["choices"].at(0)["delta"]["role"]) == "assistant");
    CHECK(c["choices"].at(0)["finish_reason"].is_null());
    CHECK(c["rag"]["sources"].is_array());
    CHECK(c["usage"].error() == simdjson::NO_SUCH_FIELD);
}

TEST_CASE("content, finish and usage chunks", "[http][openai]") {
    simdjson::dom::parser p;
    rag::http::ChunkHead head = kHead;
    head.include_usage = true;
    auto c = frame_json(p, rag::http::content_chunk(head, "a \"quoted\"\nword"));
    CHECK(std::string_view(c["choices"].at(0)["delta"]["content"]) == "a \"quoted\"\nword");
    CHECK(c["usage"].is_null());
    auto f = frame_json(p, rag::http::finish_chunk(head, "stop", R"({"verify":null})"));
    CHECK(std::string_view(f["choices"].at(0)["finish_reason"]) == "stop");
    CHECK(simdjson::dom::object(f["choices"].at(0)["delta"]).size() == 0);
    CHECK(f["rag"]["verify"].is_null());
    auto u = frame_json(p, rag::http::usage_chunk(head, {10, 5}));
    CHECK(simdjson::dom::array(u["choices"]).size() == 0);
    CHECK(int64_t(u["usage"]["total_tokens"]) == 15);
}

TEST_CASE("a mid-stream error frame is OpenAI's error object", "[http][openai]") {
    simdjson::dom::parser p;
    auto e = frame_json(p, rag::http::error_frame(502, "backend down", "pipeline_error"));
    CHECK(std::string_view(e["error"]["message"]) == "backend down");
    CHECK(std::string_view(e["error"]["type"]) == "server_error");
    CHECK(std::string_view(e["error"]["code"]) == "pipeline_error");
    CHECK(e["error"]["param"].is_null());
}

TEST_CASE("the non-streaming completion", "[http][openai]") {
    simdjson::dom::parser p;
    simdjson::dom::element c =
        p.parse(rag::http::completion_json(kHead, "Paris [1].", "stop", R"({"sources":[]})", {3, 4}));
    CHECK(std::string_view(c["object"]) == "chat.completion");
    CHECK(std::string_view(c["choices"].at(0)["message"]["content"]) == "Paris [1].");
    CHECK(std::string_view(c["choices"].at(0)["message"]["role"]) == "assistant");
    CHECK(int64_t(c["usage"]["completion_tokens"]) == 4);
    CHECK(c["rag"]["sources"].is_array());
}

TEST_CASE("sampling fields go on the request, checked", "[http][openai]") {
    auto r = parse_openai_request(R"({"temperature":0.5,"top_p":0.9,"max_tokens":50,"max_completion_tokens":60,)"
                                  R"("stop":["\n\n","END"],"messages":[{"role":"user","content":"q"}]})");
    REQUIRE(r.ok());
    CHECK(r.request.sampling.temperature == 0.5);
    CHECK(r.request.sampling.top_p == 0.9);
    CHECK(r.request.sampling.max_tokens == 60);
    CHECK(r.request.sampling.stop == std::vector<std::string>{"\n\n", "END"});
    CHECK(parse_openai_request(R"({"stop":"x","messages":[{"role":"user","content":"q"}]})")
              .request.sampling.stop.size() == 1);
    for (std::string_view bad : {R"("temperature":3)", R"("top_p":-0.1)", R"("max_tokens":0)", R"("stop":[1])",
                                 R"("stop":["a","b","c","d","e"])"}) {
        auto e = parse_openai_request("{" + std::string(bad) + R"(,"messages":[{"role":"user","content":"q"}]})");
        CHECK(e.error.status == 400);
    }
    CHECK(parse_openai_request(R"({"messages":[{"role":"user","content":"q"}]})").request.sampling.empty());
}

TEST_CASE("refusals before routing take the shape of the target's API", "[http][openai]") {
    using rag::http::ApiShape;
    CHECK(rag::http::shape_of_target("/v1/chat/completions") == ApiShape::openai);
    CHECK(rag::http::shape_of_target("/v1?x=1") == ApiShape::openai);
    CHECK(rag::http::shape_of_target("/v1") == ApiShape::openai);
    CHECK(rag::http::shape_of_target("/v10/models") == ApiShape::native);
    CHECK(rag::http::shape_of_target("/api/chat") == ApiShape::native);
    CHECK(rag::http::shape_of_target("-") == ApiShape::native);
}
