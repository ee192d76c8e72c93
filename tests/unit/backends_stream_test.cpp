// SPDX-License-Identifier: MIT
// Stream parsers of the backends: lines, SSE, and the Ollama and OpenAI answer decoders,
// fed at every chunk boundary.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lib/backends/chat.h"
#include "lib/backends/stream_parse.h"

namespace {

// Feeds `body` to `s` in two pieces cut at `cut`, then finishes it.
struct Decoded {
    std::string text;
    std::vector<std::string> pieces;
    bool ok = false;
};

Decoded decode(rag::ChatStream& s, std::string_view body, size_t cut) {
    Decoded d;
    auto on_text = [&](std::string_view t) {
        d.text += t;
        d.pieces.emplace_back(t);
    };
    d.ok = s.feed(body.substr(0, cut), on_text) && s.feed(body.substr(cut), on_text) && s.finish(on_text);
    return d;
}

const std::string kOllamaBody =
    R"({"model":"m","created_at":"2026-11-25T19:00:00Z","message":{"role":"assistant","content":"Größe "},"done":false})"
    "\n"
    R"({"model":"m","created_at":"2026-11-25T19:00:00Z","message":{"role":"assistant","content":"😀 [1]"},"done":false})"
    "\n"
    R"({"model":"m","created_at":"2026-11-25T19:00:00Z","message":{"role":"assistant","content":""},"done_reason":"stop","done":true,"eval_count":3})"
    "\n";

const std::string kOpenAIBody =
    "data: "
    "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
    "\"content\":\"\"},\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"日本 "
    "\"},\"finish_reason\":null}]}\r\n\r\n"
    ": keep-alive\n\n"
    "data: "
    "{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"🎉!\"},"
    "\"finish_reason\":null}]}\n\n"
    "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    "data: "
    "{\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11}}\n\n"
    "data: [DONE]\n\n";

}  // namespace

TEST_CASE("A line splitter gives the same lines wherever the chunks are cut", "[backends]") {
    const std::string body = "one\ntwo\r\nthree\rfour\n\nlast";
    for (size_t cut = 0; cut <= body.size(); ++cut) {
        rag::LineSplitter s;
        std::vector<std::string> lines;
        auto add = [&](std::string_view l) { lines.emplace_back(l); };
        REQUIRE(s.feed(std::string_view(body).substr(0, cut), add));
        REQUIRE(s.feed(std::string_view(body).substr(cut), add));
        CHECK(lines == std::vector<std::string>{"one", "two", "three", "four", ""});
        CHECK(s.rest() == "last");
    }
}

TEST_CASE("A line splitter refuses a line over its cap", "[backends]") {
    rag::LineSplitter s(8);
    CHECK_FALSE(s.feed("0123456789", [](std::string_view) {}));
}

TEST_CASE("An SSE parser joins data lines, skips comments and reads llama.cpp's error field", "[backends]") {
    const std::string body =
        ": hi\nevent: note\ndata: a\ndata:b\nid: 7\n\ndata: x\n\nerror: {\"message\":\"full\"}\n\ndata: tail";
    for (size_t cut = 0; cut <= body.size(); ++cut) {
        rag::SseParser p;
        std::vector<std::pair<std::string, std::string>> events;
        auto add = [&](const rag::SseEvent& e) { events.emplace_back(e.type, e.data); };
        REQUIRE(p.feed(std::string_view(body).substr(0, cut), add));
        REQUIRE(p.feed(std::string_view(body).substr(cut), add));
        p.finish(add);
        REQUIRE(events.size() == 4);
        CHECK(events[0] == std::pair<std::string, std::string>{"note", "a\nb"});
        CHECK(events[1] == std::pair<std::string, std::string>{"", "x"});
        CHECK(events[2] == std::pair<std::string, std::string>{"error", "{\"message\":\"full\"}"});
        CHECK(events[3] == std::pair<std::string, std::string>{"", "tail"});
    }
}

TEST_CASE("The Ollama decoder gives the answer and eval_count at every byte boundary", "[backends][ollama]") {
    for (size_t cut = 0; cut <= kOllamaBody.size(); ++cut) {
        auto s = rag::make_ollama_stream();
        Decoded d = decode(*s, kOllamaBody, cut);
        INFO("cut at " << cut);
        REQUIRE(d.ok);
        CHECK(d.text == "Größe 😀 [1]");
        CHECK(d.pieces.size() == 2);
        CHECK(s->complete());
        CHECK(s->tokens() == 3);
    }
}

TEST_CASE("The OpenAI decoder gives the answer and usage at every byte boundary", "[backends][openai]") {
    for (size_t cut = 0; cut <= kOpenAIBody.size(); ++cut) {
        auto s = rag::make_openai_stream();
        Decoded d = decode(*s, kOpenAIBody, cut);
        INFO("cut at " << cut);
        REQUIRE(d.ok);
        CHECK(d.text == "日本 🎉!");
        CHECK(d.pieces == std::vector<std::string>{"日本 ", "🎉!"});
        CHECK(s->tokens() == 2);
    }
}

TEST_CASE("A stop at the token limit is told apart from a natural end", "[backends]") {
    auto ollama = rag::make_ollama_stream();
    REQUIRE(decode(*ollama, kOllamaBody, 0).ok);
    CHECK_FALSE(ollama->truncated());
    ollama = rag::make_ollama_stream();
    REQUIRE(decode(*ollama,
                   "{\"message\":{\"content\":\"Cut\"},\"done\":false}\n"
                   "{\"done\":true,\"done_reason\":\"length\",\"eval_count\":1}\n",
                   5)
                .ok);
    CHECK(ollama->truncated());

    auto openai = rag::make_openai_stream();
    REQUIRE(decode(*openai, kOpenAIBody, 0).ok);
    CHECK_FALSE(openai->truncated());
    openai = rag::make_openai_stream();
    REQUIRE(decode(*openai,
                   "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Cut\"}}]}\n\n"
                   "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"length\"}]}\n\n"
                   "data: [DONE]\n\n",
                   7)
                .ok);
    CHECK(openai->truncated());
}

TEST_CASE("Decoders fed one byte at a time still give whole pieces", "[backends]") {
    for (bool ollama : {true, false}) {
        auto s = ollama ? rag::make_ollama_stream() : rag::make_openai_stream();
        const std::string& body = ollama ? kOllamaBody : kOpenAIBody;
        std::string text;
        for (char c : body) REQUIRE(s->feed(std::string_view(&c, 1), [&](std::string_view t) { text += t; }));
        REQUIRE(s->finish([&](std::string_view t) { text += t; }));
        CHECK(text == (ollama ? "Größe 😀 [1]" : "日本 🎉!"));
    }
}

TEST_CASE("An error object inside a 200 stream stops the stream with the server's message", "[backends]") {
    auto o = rag::make_ollama_stream();
    std::string text;
    auto add = [&](std::string_view t) { text += t; };
    CHECK_FALSE(o->feed(kOllamaBody.substr(0, kOllamaBody.find('\n') + 1) +
                            "{\"error\":\"an error was encountered while running the model\"}\n",
                        add));
    CHECK(o->error() == "an error was encountered while running the model");
    CHECK(text == "Größe ");

    auto a = rag::make_openai_stream();
    CHECK_FALSE(a->feed("data: {\"error\":{\"message\":\"upstream crashed\",\"type\":\"server_error\"}}\n\n", add));
    CHECK(a->error() == "upstream crashed");

    auto l = rag::make_openai_stream();
    CHECK_FALSE(l->feed("error: {\"code\":500,\"message\":\"the context is full\"}\n\n", add));
    CHECK(l->error() == "the context is full");
}

TEST_CASE("A malformed chunk and a missing final marker are faults", "[backends]") {
    auto noop = [](std::string_view) {};
    auto o = rag::make_ollama_stream();
    CHECK_FALSE(o->feed("{\"message\":\n", noop));
    CHECK(o->error().rfind("malformed chunk from ollama", 0) == 0);

    auto a = rag::make_openai_stream();
    CHECK_FALSE(a->feed("data: {\"choices\":[\n\n", noop));
    CHECK(a->error().rfind("malformed chunk from the openai server", 0) == 0);

    auto o2 = rag::make_ollama_stream();
    REQUIRE(o2->feed(kOllamaBody.substr(0, kOllamaBody.find('\n') + 1), noop));
    CHECK_FALSE(o2->finish(noop));
    CHECK(o2->error() == "the ollama stream ended before \"done\": true");

    auto a2 = rag::make_openai_stream();
    REQUIRE(a2->feed(kOpenAIBody.substr(0, kOpenAIBody.find("data: [DONE]")), noop));
    CHECK_FALSE(a2->finish(noop));
    CHECK(a2->error() == "the openai stream ended before data: [DONE]");
}

TEST_CASE("HTTP error bodies give the server's own message", "[backends]") {
    CHECK(rag::http_error_message(404, R"({"error":"model \"x\" not found, try pulling it first"})") ==
          "HTTP 404: model \"x\" not found, try pulling it first");
    CHECK(rag::http_error_message(401, R"({"error":{"message":"Incorrect API key","type":"x"}})") ==
          "HTTP 401: Incorrect API key");
    CHECK(rag::http_error_message(502, "Bad Gateway\n") == "HTTP 502: Bad Gateway");
    CHECK(rag::http_error_message(500, "") == "HTTP 500");
}

TEST_CASE("A backend's error message is capped, as JSON as well as text", "[backends]") {
    std::string long_words(60 * 1024, 'x');
    std::string http = rag::http_error_message(400, R"({"error":{"message":")" + long_words + R"("}})");
    CHECK(http == "HTTP 400: " + long_words.substr(0, rag::kMaxErrorMessage));
    CHECK(rag::http_error_message(500, long_words).size() == 10 + rag::kMaxErrorMessage);

    auto noop = [](std::string_view) {};
    auto ollama = rag::make_ollama_stream();
    CHECK_FALSE(ollama->feed(R"({"error":")" + long_words + "\"}\n", noop));
    CHECK(ollama->error() == long_words.substr(0, rag::kMaxErrorMessage));
    auto openai = rag::make_openai_stream();
    CHECK_FALSE(openai->feed("data: {\"error\":{\"message\":\"" + long_words + "\"}}\n\n", noop));
    CHECK(openai->error().size() == rag::kMaxErrorMessage);
    auto object = rag::make_openai_stream();  // an error without a message is shown as its JSON, capped too
    CHECK_FALSE(object->feed("event: error\ndata: {\"error\":{\"detail\":\"" + long_words + "\"}}\n\n", noop));
    CHECK(object->error().size() <= rag::kMaxErrorMessage);

    // A cut never splits a character, and invalid bytes do not grow it past the cap.
    CHECK(rag::capped_message(std::string(299, 'a') + "\xc3\xa9") == std::string(299, 'a'));
    CHECK(rag::capped_message(std::string(400, '\xff')).size() == rag::kMaxErrorMessage);
    CHECK(rag::capped_message("short  \n") == "short");
}

TEST_CASE("An error with an empty message is still a fault that says so", "[backends]") {
    auto noop = [](std::string_view) {};
    auto ollama = rag::make_ollama_stream();
    CHECK_FALSE(ollama->feed("{\"error\":\"\"}\n", noop));
    CHECK(ollama->error() == "an error with no message");
}

TEST_CASE("Model names resolve to a backend and a server model", "[backends]") {
    rag::ModelSpec m;
    std::string error;
    REQUIRE(rag::parse_model("ollama:llama3:8b", "", m, error));
    CHECK(m.kind == rag::BackendKind::kOllama);
    CHECK(m.name == "llama3:8b");
    CHECK(m.spec == "ollama:llama3:8b");
    REQUIRE(rag::parse_model("openai", "gpt-4o-mini", m, error));
    CHECK(m.spec == "openai:gpt-4o-mini");
    REQUIRE(rag::parse_model("extractive", "", m, error));
    CHECK(m.kind == rag::BackendKind::kExtractive);
    CHECK_FALSE(rag::parse_model("claude:x", "", m, error));
    CHECK(error.find("unknown model 'claude:x'") == 0);
    CHECK_FALSE(rag::parse_model("ollama", "", m, error));
}

TEST_CASE("The prompt numbers the passages and keeps the last turns of history", "[backends]") {
    std::vector<rag::Passage> passages{{"a.md#1", "Alpha", "First text."}, {"b.md", "", "Second text."}};
    std::vector<rag::ChatMessage> history;
    for (int i = 0; i < 4; ++i) history.push_back({i % 2 ? "assistant" : "user", "turn " + std::to_string(i)});
    auto m = rag::build_messages({"SYS", "", &passages, history, "Why?", 2});
    REQUIRE(m.size() == 4);
    CHECK(m[0].role == "system");
    CHECK(m[0].content == "SYS");
    CHECK(m[1].content == "turn 2");
    CHECK(m[2].content == "turn 3");
    CHECK(m[3].content == "Passages:\n\n[1] Alpha (a.md#1)\nFirst text.\n\n[2] (b.md)\nSecond text.\n\nQuestion: Why?");
}

TEST_CASE("A client's system message follows the operator's prompt", "[backends]") {
    std::vector<rag::Passage> passages;
    CHECK(rag::build_messages({"SYS", "Answer in French.", &passages, {}, "Why?", 2})[0].content ==
          "SYS\n\nAnswer in French.");
    CHECK(rag::build_messages({"", "Answer in French.", &passages, {}, "Why?", 2})[0].content == "Answer in French.");
}

TEST_CASE("Endpoints are completed from a server's base URL", "[backends]") {
    CHECK(rag::ollama_endpoint("127.0.0.1:11434") == "http://127.0.0.1:11434/api/chat");
    CHECK(rag::ollama_endpoint("http://h:1/") == "http://h:1/api/chat");
    CHECK(rag::openai_endpoint("https://api.openai.com/v1") == "https://api.openai.com/v1/chat/completions");
    CHECK(rag::openai_endpoint("http://127.0.0.1:8080") == "http://127.0.0.1:8080/v1/chat/completions");
    CHECK(rag::openai_endpoint("http://h/v1/chat/completions") == "http://h/v1/chat/completions");
}

TEST_CASE("Request bodies ask for a stream with the sampling options", "[backends]") {
    std::vector<rag::ChatMessage> m{{"user", "hi"}};
    rag::ChatOptions o{"llama3", 0.5, 100};
    CHECK(
        rag::ollama_request_body(m, o) ==
        R"({"model":"llama3","messages":[{"role":"user","content":"hi"}],"stream":true,"options":{"temperature":0.5,"num_predict":100}})");
    CHECK(
        rag::openai_request_body(m, o) ==
        R"({"model":"llama3","messages":[{"role":"user","content":"hi"}],"stream":true,"stream_options":{"include_usage":true},"temperature":0.5,"max_tokens":100})");
    o.top_p = 0.9;
    o.stop = {"END"};
    CHECK(rag::ollama_request_body(m, o).ends_with(
        R"("options":{"temperature":0.5,"num_predict":100,"top_p":0.9,"stop":["END"]}})"));
    CHECK(rag::openai_request_body(m, o).ends_with(R"("max_tokens":100,"top_p":0.9,"stop":["END"]})"));
}
