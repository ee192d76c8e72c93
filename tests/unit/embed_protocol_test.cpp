// SPDX-License-Identifier: MIT
// The embedding APIs on the wire, and embedding specs.
#include <catch2/catch.hpp>

#include "lib/embed/protocol.h"
#include "lib/embed/query.h"
#include "lib/embed/spec.h"

using namespace rag::embed;

TEST_CASE("specs name the API and model and find the endpoint", "[embed]") {
    EmbedSpec o = parse_embed_spec("ollama:nomic-embed-text", "http://h:1/");
    CHECK(o.name() == "ollama:nomic-embed-text");
    CHECK(o.endpoint() == "http://h:1/api/embed");
    EmbedSpec a = parse_embed_spec("openai:text-embedding-3-small", "http://h:2/v1");
    CHECK(a.endpoint() == "http://h:2/v1/embeddings");
    CHECK(parse_embed_spec("openai:m", "http://h:3").endpoint() == "http://h:3/v1/embeddings");
    CHECK(parse_embed_spec("ollama:m", "h:4").endpoint() == "http://h:4/api/embed");
    CHECK(parse_embed_spec("ollama:a:b", "http://h").model == "a:b");  // Ollama tags keep their colon
    CHECK_THROWS_WITH(parse_embed_spec("bert", "x"), Catch::Contains("'bert' is not ollama:MODEL"));
    CHECK_THROWS(parse_embed_spec("ollama:", "x"));
    CHECK_THROWS(parse_embed_spec("tei:m", "x"));
}

TEST_CASE("the request body carries the model and the inputs, escaped", "[embed]") {
    EmbedSpec s = parse_embed_spec("ollama:m", "http://h");
    CHECK(embed_request_body(s, {"a \"b\"", "c\n"}) == R"({"model":"m","input":["a \"b\"","c\n"]})");
}

TEST_CASE("Ollama's embeddings are read in order", "[embed]") {
    auto v = parse_embed_response(Api::kOllama, R"({"model":"m","embeddings":[[1,2],[3.5,-4]]})", 2);
    REQUIRE(v.size() == 2);
    CHECK(v[1] == std::vector<float>{3.5f, -4.0f});
}

TEST_CASE("OpenAI's data is put back in index order", "[embed]") {
    auto v = parse_embed_response(
        Api::kOpenAI, R"({"data":[{"index":1,"embedding":[0,1]},{"index":0,"embedding":[1,0]}]})", 2);
    CHECK(v[0] == std::vector<float>{1, 0});
    CHECK(v[1] == std::vector<float>{0, 1});
}

TEST_CASE("malformed responses are protocol errors", "[embed]") {
    CHECK_THROWS_AS(parse_embed_response(Api::kOllama, "not json", 1), ProtocolError);
    CHECK_THROWS_WITH(parse_embed_response(Api::kOllama, R"({"embeddings":[[1]]})", 2),
                      Catch::Contains("asked for 2 embeddings, got 1"));
    CHECK_THROWS(parse_embed_response(Api::kOllama, R"({"embeddings":[[1],[1,2]]})", 2));
    CHECK_THROWS(parse_embed_response(Api::kOllama, R"({"embeddings":[["x"]]})", 1));
    CHECK_THROWS(parse_embed_response(Api::kOpenAI, R"({"data":[{"index":0,"embedding":[1]},{"index":0,"embedding":[1]}]})", 2));
    CHECK_THROWS(parse_embed_response(Api::kOpenAI, R"({"embeddings":[[1]]})", 1));
}

TEST_CASE("a query's embedding text is the question, then the user's earlier turns", "[embed]") {
    rag::Request r;
    r.query = "and its license?";
    CHECK(query_embedding_text(r) == "and its license?");
    r.history = {{"user", "what is LMDB?"}, {"assistant", "a key-value store"}, {"user", "who wrote it?"},
                 {"assistant", "Howard Chu"}};
    CHECK(query_embedding_text(r) == "and its license?\nwho wrote it?\nwhat is LMDB?");
    CHECK(query_embedding_text(r, 2) == "and its license?\nwho wrote it?");
}
