// SPDX-License-Identifier: MIT
// The generator engine with the extractive backend: no network, real events.
#include <catch2/catch.hpp>

#include <algorithm>

#include <sys/mman.h>
#include <unistd.h>

#include <simdjson.h>

#include "lib/backends/generator.h"
#include "lib/core/lines.h"

namespace {

// Runs NDJSON `input` through a Generator as rag-generate does; returns its output.
std::string generate(std::string_view input, const std::string& default_model = "extractive") {
    int in = memfd_create("gen-in", 0), out = memfd_create("gen-out", 0);
    REQUIRE((in >= 0 && out >= 0));
    REQUIRE(write(in, input.data(), input.size()) == static_cast<ssize_t>(input.size()));
    lseek(in, 0, SEEK_SET);
    {
        rag::GeneratorSetup setup;
        setup.default_model = rag::resolve_model(default_model);
        REQUIRE(setup.default_model.error.empty());
        rag::Writer writer(out);
        rag::Generator gen({}, setup, writer);
        rag::EventTable table = gen.events();
        rag::run_filter(table, writer, {.in_fd = in, .poller = &gen});
        CHECK(gen.idle());
    }
    std::string s(static_cast<size_t>(lseek(out, 0, SEEK_END)), '\0');
    REQUIRE(pread(out, s.data(), s.size(), 0) == static_cast<ssize_t>(s.size()));
    close(in);
    close(out);
    return s;
}

struct Output {
    std::vector<std::string> types;
    std::string tokens, answer, error;
};

Output parse(const std::string& ndjson) {
    Output o;
    simdjson::dom::parser parser;
    size_t at = 0;
    while (at < ndjson.size()) {
        size_t nl = ndjson.find('\n', at);
        simdjson::dom::element e = parser.parse(ndjson.substr(at, nl - at));
        std::string type{std::string_view(e["type"])};
        o.types.push_back(type);
        if (type == "token") o.tokens += std::string_view(e["data"]["t"]);
        if (type == "done") o.answer = std::string_view(e["data"]["answer"]);
        if (type == "error") o.error = std::string_view(e["data"]["message"]);
        at = nl + 1;
    }
    return o;
}

const std::string kRequest = R"({"type":"request","run":"r1","data":{"query":"What does BM25 rank by?"}})"
                             "\n";
const std::string kContext =
    R"({"type":"context","run":"r1","data":{"passages":[{"doc":"a","title":"BM25","text":)"
    R"("BM25 ranks documents by term frequency and inverse document frequency. It is a bag-of-words model."}]}})"
    "\n";

}  // namespace

TEST_CASE("an extractive run streams tokens that spell done's answer", "[generator]") {
    Output o = parse(generate(kRequest + kContext));
    REQUIRE(o.types.size() > 3);  // request, context, tokens, done
    CHECK(o.types.front() == "request");
    CHECK(o.types[1] == "context");
    CHECK(o.types.back() == "done");
    CHECK(!o.answer.empty());
    CHECK(o.tokens == o.answer);
    CHECK(o.answer.find("term frequency") != std::string::npos);
}

TEST_CASE("a client's max_tokens cuts the extractive answer and says so in done", "[generator]") {
    const std::string request =
        R"({"type":"request","run":"r1","data":{"query":"What does BM25 rank by?","max_tokens":3}})"
        "\n";
    std::string out = generate(request + kContext);
    Output o = parse(out);
    CHECK(o.tokens == o.answer);
    CHECK(std::count(o.answer.begin(), o.answer.end(), ' ') == 2);  // three words
    CHECK(out.find(R"("finish_reason":"length")") != std::string::npos);
    CHECK(generate(kRequest + kContext).find("finish_reason") == std::string::npos);
}

TEST_CASE("context before request works the same", "[generator]") {
    Output o = parse(generate(kContext + kRequest));
    CHECK(o.types.back() == "done");
    CHECK(o.tokens == o.answer);
}

TEST_CASE("a cached run only passes through", "[generator]") {
    std::string cached = R"({"type":"request","run":"r1","data":{"query":"q","cached":true}})"
                         "\n";
    Output o = parse(generate(cached + kContext));
    CHECK(o.types == std::vector<std::string>{"request", "context"});
}

TEST_CASE("a run without context fails at end of input", "[generator]") {
    Output o = parse(generate(kRequest));
    CHECK(o.types == std::vector<std::string>{"request", "error"});
    CHECK(o.error.find("no context") != std::string::npos);
}

TEST_CASE("an unknown backend in the request is an error for that run", "[generator]") {
    std::string req = R"({"type":"request","run":"r1","data":{"query":"q","model":"bogus:x"}})"
                      "\n";
    Output o = parse(generate(req + kContext));
    CHECK(o.types.back() == "error");
    CHECK(!o.error.empty());
}

TEST_CASE("a run cancelled while it waits for its context ends quietly", "[generator]") {
    std::string cancel = R"({"type":"cancel","run":"r1","data":{}})"
                         "\n";
    Output o = parse(generate(kRequest + cancel));
    CHECK(o.types == std::vector<std::string>{"request", "cancel"});
}
