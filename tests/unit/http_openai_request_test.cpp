// SPDX-License-Identifier: MIT
// Tests of the OpenAI chat.completions body: messages to query and history, and what is refused.
#include <catch2/catch.hpp>

#include "lib/http/openai_request.h"

using rag::http::parse_openai_chat;

TEST_CASE("the last user message is the query, the turns before it the history", "[http][openai]") {
    auto chat = parse_openai_chat(R"({"model":"rag","messages":[
        {"role":"system","content":"be brief"},
        {"role":"user","content":"What is BM25?"},
        {"role":"assistant","content":"A ranking function."},
        {"role":"user","content":[{"type":"text","text":"and its"},{"type":"image_url","image_url":{}},
                                  {"type":"text","text":"defaults?"}]}]})");
    REQUIRE(chat.ok());
    CHECK(chat.request.query == "and its\ndefaults?");
    REQUIRE(chat.request.history.size() == 2);
    CHECK(chat.request.history[0].role == "user");
    CHECK(chat.request.history[1].content == "A ranking function.");
    CHECK(chat.model == "rag");
    CHECK(chat.request.model.empty());  // the server's own model
    CHECK_FALSE(chat.stream);
}

TEST_CASE("stream, include_usage and rag:extractive are read", "[http][openai]") {
    auto chat = parse_openai_chat(
        R"({"model":"rag:extractive","stream":true,"stream_options":{"include_usage":true},"temperature":0.2,
            "messages":[{"role":"user","content":"q"}],"n":1})");
    REQUIRE(chat.ok());
    CHECK(chat.stream);
    CHECK(chat.include_usage);
    CHECK(chat.request.model == "extractive");
}

TEST_CASE("what a chat.completions body is refused for", "[http][openai]") {
    auto status = [](const char* body) { return parse_openai_chat(body).error.status; };
    CHECK(status("not json") == 400);
    CHECK(status(R"({"messages":"hi"})") == 400);
    CHECK(status(R"({"messages":[]})") == 400);
    CHECK(status(R"({"messages":[{"role":"system","content":"x"}]})") == 400);
    CHECK(status(R"({"messages":[{"role":"user","content":"  "}]})") == 400);
    CHECK(status(R"({"messages":[{"role":"user"}]})") == 400);
    CHECK(status(R"({"n":2,"messages":[{"role":"user","content":"q"}]})") == 400);
    CHECK(status(R"({"stream":"yes","messages":[{"role":"user","content":"q"}]})") == 400);
    auto unknown = parse_openai_chat(R"({"model":"gpt-4o","messages":[{"role":"user","content":"q"}]})");
    CHECK(unknown.error.status == 404);
    CHECK(unknown.error.code == "model_not_found");
    CHECK(unknown.error.param == "model");
    CHECK(rag::http::openai_error_body(unknown.error).find(R"("code":"model_not_found")") != std::string::npos);
}
