// SPDX-License-Identifier: MIT
#include <catch2/catch.hpp>

#include "lib/core/redact.h"

TEST_CASE("A secret, whole or in part, is blanked from messages", "[redact]") {
    const std::string key = "sk-proj-ABCDEFGHIJKLMNOPwxyz";
    CHECK(rag::redact_secret("Incorrect API key provided: sk-proj-****************wxyz. See docs.", key) ==
          "Incorrect API key provided: [redacted] See docs.");
    CHECK(rag::redact_secret("key=" + key + " refused", key) == "[redacted] refused");
    CHECK(rag::redact_secret("HTTP 500: internal error", key) == "HTTP 500: internal error");
    CHECK(rag::redact_secret("short wxyz", key) == "short wxyz");
    CHECK(rag::redact_secret("anything sk-proj", "short") == "anything sk-proj");
}

TEST_CASE("Token-like query parameters are blanked in a logged request line", "[redact]") {
    CHECK(rag::redact_credentials(R"(127.0.0.1 "GET /api/chat/stream?query=x&access_token=s3cr3t&top_k=2" 200)") ==
          R"(127.0.0.1 "GET /api/chat/stream?query=x&access_token=[redacted]&top_k=2" 200)");
    CHECK(rag::redact_credentials("GET /x?ACCESS_TOKEN=abc") == "GET /x?ACCESS_TOKEN=[redacted]");
    CHECK(rag::redact_credentials("/x?api_key=1&apikey=2&client_secret=3&password=4&sig=5") ==
          "/x?api_key=[redacted]&apikey=[redacted]&client_secret=[redacted]&password=[redacted]&sig=[redacted]");
    CHECK(rag::redact_credentials("stage: OPENAI_API_KEY=sk-abc is set") == "stage: OPENAI_API_KEY=[redacted] is set");
}

TEST_CASE("Authorization headers and bearer tokens are blanked, other text kept", "[redact]") {
    CHECK(rag::redact_credentials("Authorization: Bearer abc.def") == "Authorization: Bearer [redacted]");
    CHECK(rag::redact_credentials("authorization: s3cr3t") == "authorization: [redacted]");
    CHECK(rag::redact_credentials("proxy-authorization: Basic dXNlcjpwYXNz") == "proxy-authorization: Basic [redacted]");
    CHECK(rag::redact_credentials("sent bearer tok123 to x") == "sent bearer [redacted] to x");
    const std::string plain = R"(127.0.0.1 "POST /api/chat/stream" 200 run=r1 bytes=12 ttft_ms=1.0 ms=2.0)";
    CHECK(rag::redact_credentials(plain) == plain);
    CHECK(rag::redact_credentials("query=tokens&top_k=5 a=b") == "query=tokens&top_k=5 a=b");
    CHECK(rag::redact_credentials("token=") == "token=");
    CHECK(rag::redact_credentials("") == "");
}
