// SPDX-License-Identifier: MIT
// Tests of chat request validation: defaults, and every field that is refused.
#include <catch2/catch.hpp>

#include "lib/core/event.h"
#include "lib/http/chat_request.h"

using rag::http::parse_chat_body;
using rag::http::parse_chat_params;

namespace {

int status_of(std::string_view body) { return parse_chat_body(body).error.status; }

rag::http::Request get(std::string target) {
    rag::http::Request req;
    req.method = "GET";
    req.target = target;
    req.query = target.substr(target.find('?') + 1);
    return req;
}

}  // namespace

TEST_CASE("a body with only a query takes the defaults", "[http][chat]") {
    auto chat = parse_chat_body(R"({"query":"What is BM25?"})");
    REQUIRE(chat.ok());
    CHECK(chat.request.query == "What is BM25?");
    CHECK(chat.request.top_k == rag::kDefaultTopK);
    CHECK(chat.request.use_cache);
    CHECK(chat.request.history.empty());
    CHECK(chat.request.session_id.empty());
    CHECK(chat.request.corpus_id.empty());
    CHECK(chat.request.model.empty());
}

TEST_CASE("every field of a body is read", "[http][chat]") {
    auto chat = parse_chat_body(R"({"query":"q","history":[{"role":"user","content":"hi"}],"corpus_id":"c",)"
                                R"("session_id":"s","model":"ollama:x","use_cache":false,"top_k":7})");
    REQUIRE(chat.ok());
    REQUIRE(chat.request.history.size() == 1);
    CHECK(chat.request.history[0].content == "hi");
    CHECK(chat.request.corpus_id == "c");
    CHECK(chat.request.session_id == "s");
    CHECK(chat.request.model == "ollama:x");
    CHECK_FALSE(chat.request.use_cache);
    CHECK(chat.request.top_k == 7);
    CHECK(parse_chat_body(R"({"query":"q","session_id":null,"top_k":null})").ok());
}

TEST_CASE("every wrong field of a body is refused with its status", "[http][chat]") {
    CHECK(status_of("{not json") == 400);
    CHECK(status_of("[1,2]") == 422);
    CHECK(status_of("{}") == 422);
    CHECK(status_of(R"({"query":"  \n"})") == 422);
    CHECK(status_of(R"({"query":3})") == 422);
    CHECK(status_of(R"({"query":"q","history":"no"})") == 422);
    CHECK(status_of(R"({"query":"q","history":[{"role":"user"}]})") == 422);
    CHECK(status_of(R"({"query":"q","corpus_id":1})") == 422);
    CHECK(status_of(R"({"query":"q","session_id":[]})") == 422);
    CHECK(status_of(R"({"query":"q","model":true})") == 422);
    CHECK(status_of(R"({"query":"q","use_cache":"yes"})") == 422);
    for (const char* k : {"0", "1001", "-3", "2.5", "\"5\""})
        CHECK(status_of(std::string(R"({"query":"q","top_k":)") + k + "}") == 422);
    CHECK(parse_chat_body(R"({"query":"q","top_k":1000})").request.top_k == 1000);
    CHECK(parse_chat_body(R"({"query":"q","model":5})").error.message == "'model' must be a string or null");
}

TEST_CASE("GET parameters are validated as bodies are", "[http][chat]") {
    auto chat =
        parse_chat_params(get("/api/chat/stream?query=What+is%20BM25%3F&top_k=3&use_cache=false&session_id=s1"));
    REQUIRE(chat.ok());
    CHECK(chat.request.query == "What is BM25?");
    CHECK(chat.request.top_k == 3);
    CHECK_FALSE(chat.request.use_cache);
    CHECK(chat.request.session_id == "s1");
    CHECK(parse_chat_params(get("/s?top_k=3")).error.status == 422);
    for (const char* k : {"0", "1001", "3x", "abc"})
        CHECK(parse_chat_params(get(std::string("/s?query=q&top_k=") + k)).error.message ==
              "'top_k' must be an integer from 1 to 1000");
    CHECK(parse_chat_params(get("/s?query=q")).request.use_cache);
}

TEST_CASE("the request event carries the run and the validated fields", "[http][chat]") {
    auto chat = parse_chat_body(R"({"query":"say \"hi\"","top_k":9})");
    std::string line = rag::request_event_line("r1", chat.request);
    simdjson::dom::parser parser;
    rag::Event ev;
    REQUIRE(rag::parse_envelope(parser, line, ev, false).empty());
    CHECK(ev.type == "request");
    CHECK(ev.run == "r1");
    CHECK(ev.str("query") == "say \"hi\"");
    CHECK(ev.integer("top_k") == 9);
}

TEST_CASE("a body that names a field twice is refused, not resolved to the first", "[http][chat]") {
    for (const char* body : {R"({"query":"a","query":"b"})", R"({"query":"a","top_k":3,"top_k":4})"}) {
        auto r = rag::http::parse_chat_body(body);
        INFO(body);
        CHECK(r.error.status == 400);
        CHECK(r.error.message.find("more than once") != std::string::npos);
    }
    CHECK(rag::http::parse_chat_body(
              R"({"query":"a","history":[{"role":"user","content":"x"},{"role":"user","content":"y"}]})")
              .ok());
}
