// SPDX-License-Identifier: MIT
// Tests of the route table: which handler a method and path reach, exact and prefix routes.
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "lib/http/routes.h"

using rag::http::Exchange;
using rag::http::Routes;

namespace {

// A route table whose handlers record their name, so a test sees which one a request reached.
struct Table {
    Routes routes;
    std::string hit;

    Routes::Handler named(std::string name) {
        return [this, name](const rag::http::ExchangePtr&) { hit = name; };
    }
    // The handler that answered METHOD PATH, or "" when none did (a 404, 405 or OPTIONS answer,
    // which an exchange without a connection drops).
    std::string reached(std::string method, std::string path) {
        rag::http::Request req;
        req.method = std::move(method);
        req.path = req.target = std::move(path);
        hit.clear();
        routes.dispatch(std::make_shared<Exchange>(nullptr, std::move(req), "test"));
        return hit;
    }
};

}  // namespace

TEST_CASE("exact routes match only their path and method", "[http][routes]") {
    Table t;
    t.routes.on("GET", "/healthz", t.named("health")).on("POST", "/api/chat", t.named("chat"));
    CHECK(t.reached("GET", "/healthz") == "health");
    CHECK(t.reached("POST", "/api/chat") == "chat");
    CHECK(t.reached("GET", "/api/chat").empty());
    CHECK(t.reached("GET", "/healthz/").empty());
    CHECK(t.reached("OPTIONS", "/api/chat").empty());
}

TEST_CASE("a prefix route takes the paths that go on past its prefix", "[http][routes]") {
    Table t;
    t.routes.on("GET", "/api/sessions/mine", t.named("exact")).on_prefix("GET", "/api/sessions/", t.named("prefix"));
    CHECK(t.reached("GET", "/api/sessions/abc") == "prefix");
    CHECK(t.reached("GET", "/api/sessions/a/b") == "prefix");
    CHECK(t.reached("GET", "/api/sessions/mine") == "exact");  // given first, so it wins
    CHECK(t.reached("GET", "/api/sessions/").empty());         // no id: not the prefix route
    CHECK(t.reached("GET", "/api/sessions").empty());
    CHECK(t.reached("DELETE", "/api/sessions/abc").empty());
}

TEST_CASE("routes are tried in the order given", "[http][routes]") {
    Table t;
    t.routes.on_prefix("DELETE", "/api/runs/", t.named("first")).on("DELETE", "/api/runs/r1", t.named("second"));
    CHECK(t.reached("DELETE", "/api/runs/r1") == "first");
}
