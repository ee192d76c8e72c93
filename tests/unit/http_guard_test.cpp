// SPDX-License-Identifier: MIT
// Tests of the checks before routing: Host against DNS rebinding, Origin, content type.
#include <catch2/catch.hpp>

#include "lib/http/guard.h"

using rag::http::guard_request;
using rag::http::GuardOptions;

namespace {

rag::http::Request request(std::initializer_list<std::pair<std::string, std::string>> headers) {
    rag::http::Request r;
    r.method = "POST";
    r.headers = headers;
    return r;
}

int status(const rag::http::Request& r, std::string_view local_ip, const GuardOptions& o = {}) {
    return guard_request(r, local_ip, o).status;
}

}  // namespace

TEST_CASE("Host must be the listen address, localhost on loopback, or an allowed name", "[http][guard]") {
    for (const char* host : {"127.0.0.1", "127.0.0.1:8000", "localhost:8000", "LOCALHOST", "app.localhost"})
        CHECK(status(request({{"Host", host}}), "127.0.0.1") == 0);
    CHECK(status(request({{"Host", "[::1]:8000"}}), "::1") == 0);
    CHECK(status(request({{"Host", "10.0.0.5:80"}}), "10.0.0.5") == 0);
    CHECK(status(request({{"Host", "localhost"}}), "10.0.0.5") == 421);  // not loopback
    CHECK(status(request({{"Host", "rebound.example:8000"}}), "127.0.0.1") == 421);
    CHECK(status(request({{"Host", "chat.example"}}), "127.0.0.1", {{"Chat.Example"}, ""}) == 0);
    CHECK(status(request({{"Host", "any.example"}}), "127.0.0.1", {{"*"}, ""}) == 0);
    CHECK(status(request({{"Host", "any.example"}}), "") == 0);  // pipes, Unix sockets: nothing to rebind
}

TEST_CASE("a foreign Origin is refused unless it is --cors-origin", "[http][guard]") {
    auto same = request({{"Host", "127.0.0.1:8000"}, {"Origin", "http://127.0.0.1:8000"}});
    CHECK(status(same, "127.0.0.1") == 0);
    auto foreign = request({{"Host", "127.0.0.1:8000"}, {"Origin", "https://evil.example"}});
    CHECK(status(foreign, "127.0.0.1") == 403);
    CHECK(status(foreign, "127.0.0.1", {{}, "https://evil.example"}) == 0);
    CHECK(status(foreign, "127.0.0.1", {{}, "*"}) == 0);
    CHECK(status(request({{"Host", "127.0.0.1"}, {"Origin", "null"}}), "127.0.0.1") == 403);
}

TEST_CASE("bodies a page may send cross-site without a preflight are refused with 415", "[http][guard]") {
    for (const char* type : {"text/plain", "text/plain;charset=UTF-8", "Application/X-WWW-Form-Urlencoded",
                             "multipart/form-data; boundary=x"}) {
        auto from_page = request({{"Host", "127.0.0.1"}, {"Origin", "https://chat.example"}, {"Content-Type", type}});
        CHECK(status(from_page, "127.0.0.1", {{}, "https://chat.example"}) == 415);
        // No Origin: not a browser (curl -d sends a form type), so nothing cross-site to refuse.
        CHECK(status(request({{"Host", "127.0.0.1"}, {"Content-Type", type}}), "127.0.0.1") == 0);
    }
    CHECK(status(request({{"Host", "127.0.0.1"}, {"Content-Type", "application/json"}}), "127.0.0.1") == 0);
}
