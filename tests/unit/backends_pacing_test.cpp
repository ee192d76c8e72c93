// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lib/backends/backend.h"
#include "lib/backends/pacing.h"

namespace {

struct Recorded {
    std::vector<std::string> words, done;
};

void tick(rag::Pacer& pacer, double now, Recorded& seen) {
    pacer.tick(
        now, [&](const std::string& run, std::string_view w) { seen.words.push_back(run + ":" + std::string(w)); },
        [&](const std::string& run) { seen.done.push_back(run); });
}

}  // namespace

TEST_CASE("split_words keeps the white space after each word") {
    CHECK(rag::split_words("  a bc\n d ") == std::vector<std::string>{"  a ", "bc\n ", "d "});
    CHECK(rag::split_words("").empty());
}

TEST_CASE("cut_to_words keeps a client's max_tokens worth of words") {
    std::string a = "one two  three\nfour";
    CHECK_FALSE(rag::cut_to_words(a, 0));
    CHECK_FALSE(rag::cut_to_words(a, 4));
    CHECK(a == "one two  three\nfour");
    CHECK(rag::cut_to_words(a, 2));
    CHECK(a == "one two");
}

TEST_CASE("a Pacer hands out one word per interval per answer, then done") {
    rag::Pacer pacer(10);
    pacer.add("r1", "one two", 0);
    pacer.add("r2", "x", 5);
    Recorded seen;
    tick(pacer, 0, seen);
    CHECK(seen.words == std::vector<std::string>{"r1:one "});
    CHECK(pacer.timeout_ms(0, 1000) == 5);
    tick(pacer, 10, seen);
    CHECK(seen.words == std::vector<std::string>{"r1:one ", "r1:two", "r2:x"});
    CHECK(seen.done == std::vector<std::string>{"r1", "r2"});
    CHECK(pacer.timeout_ms(10, 1000) == 1000);
}

TEST_CASE("a dropped run gets no more words and no done") {
    rag::Pacer pacer(10);
    pacer.add("r1", "one two three", 0);
    Recorded seen;
    tick(pacer, 0, seen);
    pacer.drop("r1");
    tick(pacer, 100, seen);
    CHECK(seen.words.size() == 1);
    CHECK(seen.done.empty());
}

TEST_CASE("each backend builds its own request; only OpenAI carries the key") {
    std::vector<rag::ChatMessage> messages{{"user", "hi"}};
    rag::ChatOptions options{"m", 0.2, 16};
    rag::HttpRequest ollama = rag::make_ollama_backend("http://h:1")->request(messages, options);
    CHECK(ollama.url == "http://h:1/api/chat");
    CHECK(ollama.body == rag::ollama_request_body(messages, options));
    CHECK(ollama.headers.empty());
    rag::HttpRequest openai = rag::make_openai_backend("http://h:2", "sk-test")->request(messages, options);
    CHECK(openai.url == "http://h:2/v1/chat/completions");
    CHECK(openai.headers == std::vector<std::string>{"Authorization: Bearer sk-test"});
    CHECK(rag::make_openai_backend("http://h:2", "")->request(messages, options).headers.empty());
}
