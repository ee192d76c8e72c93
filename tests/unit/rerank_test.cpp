// SPDX-License-Identifier: MIT
// rag-rerank's logic: the wire shapes, the order and batches, the rewritten events,
// retries, and the stage's holding and fall-back (against a port where nothing listens).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmath>

#include <fmt/format.h>

#include "lib/core/error.h"
#include "lib/rerank/api.h"
#include "lib/rerank/client.h"
#include "lib/rerank/order.h"
#include "lib/rerank/rewrite.h"
#include "lib/rerank/stage.h"

using rag::rerank::ApiShape;

namespace {

simdjson::dom::object object_of(simdjson::dom::parser& parser, const std::string& json) {
    simdjson::dom::object o;
    REQUIRE(parser.parse(json).get_object().get(o) == simdjson::SUCCESS);
    return o;
}

const std::string kContext =
    R"({"passages":[{"doc":"a","text":"one two","score":3,"bm25_rank":1},{"doc":"b","text":"three","score":2},)"
    R"({"doc":"c","text":"four five six","score":1}],"extra":true})";
const std::string kSources = R"({"sources":[{"doc":"a","score":3,"snippet":"one"},{"doc":"b","score":2,"snippet":"3"}]})";

}  // namespace

TEST_CASE("rerank endpoints follow the shape and keep a URL that names the route", "[rerank]") {
    CHECK(rag::rerank::rerank_endpoint(ApiShape::kJina, "http://h:8080/") == "http://h:8080/v1/rerank");
    CHECK(rag::rerank::rerank_endpoint(ApiShape::kJina, "https://api.jina.ai/v1") == "https://api.jina.ai/v1/rerank");
    CHECK(rag::rerank::rerank_endpoint(ApiShape::kTei, "h:80") == "http://h:80/rerank");
    CHECK(rag::rerank::rerank_endpoint(ApiShape::kTei, "http://h/x/rerank") == "http://h/x/rerank");
    ApiShape s;
    CHECK(rag::rerank::parse_api_shape("tei", s));
    CHECK(s == ApiShape::kTei);
    CHECK_FALSE(rag::rerank::parse_api_shape("cohere2", s));
}

TEST_CASE("rerank bodies carry the query and documents in each shape's fields", "[rerank]") {
    std::vector<std::string_view> docs{"a \"b\"", "c"};
    CHECK(rag::rerank::rerank_body(ApiShape::kJina, "m", "q", docs) ==
          R"({"model":"m","query":"q","documents":["a \"b\"","c"],"top_n":2,"return_documents":false})");
    CHECK(rag::rerank::rerank_body(ApiShape::kJina, "", "q", docs).find("model") == std::string::npos);
    CHECK(rag::rerank::rerank_body(ApiShape::kTei, "m", "q", docs) ==
          R"({"query":"q","texts":["a \"b\"","c"],"truncate":true})");
}

TEST_CASE("rerank scores are read by index, and a response missing one is refused", "[rerank]") {
    std::vector<double> s;
    CHECK(rag::rerank::parse_scores(ApiShape::kJina,
                                    R"({"results":[{"index":1,"relevance_score":0.9},{"index":0,"relevance_score":-2}]})",
                                    2, s) == "");
    CHECK(s == std::vector<double>{-2, 0.9});
    CHECK(rag::rerank::parse_scores(ApiShape::kTei, R"([{"index":0,"score":1},{"index":1,"score":0.5}])", 2, s) == "");
    CHECK(s == std::vector<double>{1, 0.5});
    CHECK(rag::rerank::parse_scores(ApiShape::kTei, "<html>", 1, s) == "the response is not JSON");
    CHECK(rag::rerank::parse_scores(ApiShape::kJina, R"({"results":[{"index":0,"relevance_score":1}]})", 2, s) ==
          "the response has no score for document 1");
    CHECK(rag::rerank::parse_scores(ApiShape::kJina, R"({"results":[{"index":5,"relevance_score":1}]})", 2, s)
              .find("out of range") != std::string::npos);
    CHECK(rag::rerank::parse_scores(ApiShape::kJina, R"({"results":[{"index":0,"score":1}]})", 1, s) ==
          "result 0 has no numeric \"relevance_score\"");
    CHECK(rag::rerank::parse_scores(ApiShape::kJina, R"([{"index":0,"score":1}])", 1, s) ==
          "the response has no \"results\" list");
}

TEST_CASE("rerank batches cover the list in order; the order is by score, ties kept, cut to keep", "[rerank]") {
    auto b = rag::rerank::split_batches(7, 3);
    REQUIRE(b.size() == 3);
    CHECK((b[0].first == 0 && b[0].count == 3 && b[2].first == 6 && b[2].count == 1));
    CHECK(rag::rerank::split_batches(0, 3).empty());
    CHECK(rag::rerank::split_batches(5, 0).size() == 1);
    CHECK(rag::rerank::reranked_order({0.1, 0.5, 0.1, 0.9}, 3) == std::vector<size_t>{3, 1, 0});
    CHECK(rag::rerank::reranked_order({1, 2}, 10) == std::vector<size_t>{1, 0});
    CHECK(rag::rerank::original_order(4, 2) == std::vector<size_t>{0, 1});
}

TEST_CASE("rerank retries 429, 5xx and lost connections, with doubling backoff", "[rerank]") {
    CHECK(rag::rerank::retryable(429, "HTTP 429: slow down"));
    CHECK(rag::rerank::retryable(503, "HTTP 503"));
    CHECK(rag::rerank::retryable(0, "backend request failed: Couldn't connect"));
    CHECK_FALSE(rag::rerank::retryable(400, "HTTP 400"));
    CHECK_FALSE(rag::rerank::retryable(501, "HTTP 501: This server does not support reranking."));
    CHECK_FALSE(rag::rerank::retryable(0, "aborted"));
    CHECK(rag::rerank::backoff_ms(0) == 100);
    CHECK(rag::rerank::backoff_ms(2) == 400);
    CHECK(rag::rerank::backoff_ms(10) == 2000);
}

TEST_CASE("a reranked context keeps every field of each passage and gains rerank_score", "[rerank]") {
    simdjson::dom::parser p;
    rag::rerank::Ranking r{{2, 0}, {0.5, 0.1, 0.75}};
    CHECK(rag::rerank::context_data(object_of(p, kContext), r) ==
          R"({"extra":true,"passages":[{"doc":"c","text":"four five six","score":1,"rerank_score":0.75},)"
          R"({"doc":"a","text":"one two","score":3,"bm25_rank":1,"rerank_score":0.5}]})");
    rag::rerank::Ranking fallback{{0}, {}};
    CHECK(rag::rerank::context_data(object_of(p, kContext), fallback) ==
          R"({"extra":true,"passages":[{"doc":"a","text":"one two","score":3,"bm25_rank":1}]})");
}

TEST_CASE("reranked sources keep a source's snippet and make one for a passage new to them", "[rerank]") {
    simdjson::dom::parser ps, pc;
    rag::rerank::Ranking r{{2, 0, 1}, {0.5, 0.1, 0.75}};
    auto snippet = [](std::string_view text) { return "<" + std::string(text.substr(0, 4)) + ">"; };
    CHECK(rag::rerank::sources_data(object_of(ps, kSources), object_of(pc, kContext), r, snippet) ==
          R"({"sources":[{"doc":"c","text":"four five six","score":1,"snippet":"<four>","rerank_score":0.75},)"
          R"({"doc":"a","score":3,"snippet":"one","rerank_score":0.5}]})");
    rag::rerank::Ranking one{{1}, {0.5, 0.1, 0.75}};  // fewer kept than there were sources
    CHECK(rag::rerank::sources_data(object_of(ps, kSources), object_of(pc, kContext), one, snippet) ==
          R"({"sources":[{"doc":"b","score":2,"snippet":"3","rerank_score":0.1}]})");
}

TEST_CASE("a reranked meta counts the kept passages' characters and notes the rerank", "[rerank]") {
    simdjson::dom::parser pm, pc;
    rag::rerank::Ranking r{{2}, {0.5, 0.1, 0.75}};
    std::string meta = R"({"run_id":"r","retrieved":3,"ctx_chars":21})";
    CHECK(rag::rerank::meta_data(object_of(pm, meta), object_of(pc, kContext), r, {"m", 3, 1, 12.4, ""}) ==
          R"({"run_id":"r","retrieved":3,"ctx_chars":13,"rerank":{"model":"m","reranked":3,"kept":1,)"
          R"("requests":1,"duration_ms":12}})");
    std::string failed = rag::rerank::meta_data(object_of(pm, meta), object_of(pc, kContext), r, {"", 3, 2, 5, "down"});
    CHECK(failed.find(R"("reranked":0,"kept":1,"requests":2,"duration_ms":5,"error":"down","order":"retrieval")") !=
          std::string::npos);
}

namespace {

std::string event(std::string_view type, std::string_view run, std::string_view data = "{}") {
    return fmt::format(R"({{"type":"{}","run":"{}","data":{}}})", type, run, data) + "\n";
}

// Runs `input` through a Stage whose server refuses every connection (nothing listens on port 1).
std::string rerank_through(std::string_view input, int top_k = 0) {
    rag::rerank::StageOptions o;
    o.client.endpoint = "http://127.0.0.1:1/v1/rerank";
    o.client.retries = 0;
    o.top_k = top_k;
    int in = memfd_create("rerank-in", 0), out = memfd_create("rerank-out", 0);
    REQUIRE((in >= 0 && out >= 0));
    REQUIRE(write(in, input.data(), input.size()) == static_cast<ssize_t>(input.size()));
    lseek(in, 0, SEEK_SET);
    {
        rag::Writer writer(out);
        rag::rerank::Stage stage(o, writer);
        rag::EventTable table = stage.events();
        CHECK(rag::run_filter(table, writer, {.in_fd = in, .poller = &stage}) == rag::kExitOk);
    }
    std::string s(static_cast<size_t>(lseek(out, 0, SEEK_END)), '\0');
    REQUIRE(pread(out, s.data(), s.size(), 0) == static_cast<ssize_t>(s.size()));
    close(in);
    close(out);
    return s;
}

}  // namespace

TEST_CASE("with its server down, the stage passes the retrieval order cut to top_k, noted in meta", "[rerank]") {
    std::string in = event("request", "r", R"({"query":"q","top_k":2})") + event("meta", "r", R"({"run_id":"r"})") +
                     event("sources", "r", kSources) + event("context", "r", kContext) + event("token", "r");
    std::string out = rerank_through(in);
    CHECK(out.find(event("request", "r", R"({"query":"q","top_k":2})")) == 0);
    size_t meta = out.find(R"("type":"meta")"), sources = out.find(R"("type":"sources")");
    size_t context = out.find(R"("type":"context")"), token = out.find(R"("type":"token")");
    REQUIRE((meta != std::string::npos && sources != std::string::npos && context != std::string::npos));
    CHECK((meta < sources && sources < context && context < token));  // the run's order, token held behind
    CHECK(out.find(R"("order":"retrieval")") != std::string::npos);
    CHECK(out.find(R"({"doc":"a","text":"one two","score":3,"bm25_rank":1},{"doc":"b")") != std::string::npos);
    CHECK(out.find(R"("doc":"c")") == std::string::npos);  // cut to the request's top_k
    CHECK(rerank_through(in, 1).find(R"("doc":"b")") == std::string::npos);  // --top-k wins
}

TEST_CASE("a new request for a held run lets the held events go first, as they came", "[rerank]") {
    std::string held = event("meta", "r", R"({"run_id":"r"})") + event("sources", "r", kSources);
    std::string again = event("request", "r", R"({"query":"q2"})");
    std::string out = rerank_through(event("request", "r", R"({"query":"q"})") + held + again);
    CHECK(out == event("request", "r", R"({"query":"q"})") + held + again);
}

TEST_CASE("the stage forwards other runs' events and a cancelled held run as it came", "[rerank]") {
    std::string held = event("meta", "r", R"({"run_id":"r"})") + event("sources", "r", kSources);
    std::string out = rerank_through(event("request", "r", R"({"query":"q"})") + held + event("token", "x") +
                                     event("cancel", "r") + event("meta", "y"));
    // token x passes at once; r's held events leave as they came before its cancel; y's meta,
    // held for a context that never comes, leaves at end of input.
    CHECK(out == event("request", "r", R"({"query":"q"})") + event("token", "x") + held + event("cancel", "r") +
                     event("meta", "y"));
}
