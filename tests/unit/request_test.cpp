// SPDX-License-Identifier: MIT
// The chat request: the plain-text query rule, defaults, run ids, model resolution, the cache key text.
#include "lib/core/request.h"
#include "lib/core/model.h"

#include <cstdlib>
#include <set>

#include <sys/mman.h>
#include <unistd.h>
#include <catch2/catch.hpp>

namespace {

// Feeds `input` through an EventTable whose `request` handler collects the parsed requests.
struct Requests {
    std::vector<rag::Request> requests;
    std::vector<std::string> runs, lines;

    explicit Requests(std::string_view input) {
        int fd = memfd_create("request-test", 0);
        REQUIRE(write(fd, input.data(), input.size()) == static_cast<ssize_t>(input.size()));
        lseek(fd, 0, SEEK_SET);
        int sink = memfd_create("request-out", 0);
        rag::EventTable table{{"request", [&](const rag::Event& ev, rag::Writer&) {
                                   requests.push_back(rag::parse_request(ev));
                                   runs.emplace_back(ev.run);
                                   lines.emplace_back(ev.line);
                               }}};
        rag::LineReader reader(fd);
        rag::Writer out(sink);
        rag::Line line;
        do {
            while (reader.next(line)) table.dispatch(line, out);
        } while (reader.fill());
        close(fd);
        close(sink);
    }
};

bool is_run_id(const std::string& s) {
    return s.size() == 13 && s[0] == 'r' && s.find_first_not_of("0123456789abcdef", 1) == std::string::npos;
}

}  // namespace

TEST_CASE("a plain-text line becomes a request with a fresh run id and the defaults", "[request]") {
    Requests got("What is BM25?\n  What is LMDB?\t\n");
    REQUIRE(got.requests.size() == 2);
    CHECK(got.requests[0].query == "What is BM25?");
    CHECK(got.requests[1].query == "What is LMDB?");  // surrounding blanks trimmed
    CHECK(is_run_id(got.runs[0]));
    CHECK(is_run_id(got.runs[1]));
    CHECK(got.runs[0] != got.runs[1]);
    const rag::Request& r = got.requests[0];
    CHECK(r.history.empty());
    CHECK(r.corpus_id.empty());
    CHECK(r.session_id.empty());
    CHECK(r.use_cache);
    CHECK(r.top_k == rag::kDefaultTopK);
    CHECK(r.model.empty());
    CHECK(!r.cached);
}

TEST_CASE("the synthesised request line is valid JSON that later stages can read", "[request]") {
    Requests got("say \"hi\" \\ {now}\n");
    REQUIRE(got.lines.size() == 1);
    simdjson::dom::parser p;
    simdjson::dom::element e;
    REQUIRE(p.parse(got.lines[0]).get(e) == simdjson::SUCCESS);
    CHECK(std::string_view(e["data"]["query"].get_string().value()) == "say \"hi\" \\ {now}");
    CHECK(std::string_view(e["run"].get_string().value()) == got.runs[0]);
}

TEST_CASE("a JSON value that is not an object is taken as a query", "[request]") {
    Requests got("[1,2]\n42\n\"quoted\"\nnull\n");
    REQUIRE(got.requests.size() == 4);
    CHECK(got.requests[0].query == "[1,2]");
    CHECK(got.requests[1].query == "42");
    CHECK(got.requests[2].query == "\"quoted\"");
    CHECK(got.requests[3].query == "null");
}

TEST_CASE("a plain-text query with invalid UTF-8 or a NUL still makes a valid request", "[request]") {
    Requests got(std::string_view("caf\xe9?\nnul\0here\n", 15));
    REQUIRE(got.requests.size() == 2);
    CHECK(got.requests[0].query == "caf\xEF\xBF\xBD?");
    CHECK(got.requests[1].query == std::string("nul\0here", 8));
}

TEST_CASE("a plain-text query with CRLF loses the carriage return", "[request]") {
    Requests got("What is BM25?\r\n");
    REQUIRE(got.requests.size() == 1);
    CHECK(got.requests[0].query == "What is BM25?");
}

TEST_CASE("parse_request reads every field and clamps top_k", "[request]") {
    Requests got(
        R"({"type":"request","run":"a","data":{"query":"q","history":[{"role":"user","content":"hi"},{"content":"no role"},{"role":"assistant"}],"corpus_id":"docs","session_id":"s1","use_cache":false,"top_k":5000,"model":"ollama:llama3","cached":true}})"
        "\n"
        R"({"type":"request","run":"b","data":{"query":"q","top_k":0,"corpus_id":null}})"
        "\n");
    REQUIRE(got.requests.size() == 2);
    const rag::Request& r = got.requests[0];
    CHECK(r.query == "q");
    REQUIRE(r.history.size() == 2);
    CHECK(r.history[0].role == "user");
    CHECK(r.history[0].content == "hi");
    CHECK(r.history[1].role == "user");
    CHECK(r.corpus_id == "docs");
    CHECK(r.session_id == "s1");
    CHECK(!r.use_cache);
    CHECK(r.top_k == rag::kMaxTopK);
    CHECK(r.model == "ollama:llama3");
    CHECK(r.cached);
    CHECK(got.requests[1].top_k == 1);
    Requests huge(R"({"type":"request","run":"c","data":{"query":"q","top_k":1e300}})"
                  "\n");
    REQUIRE(huge.requests.size() == 1);
    CHECK(huge.requests[0].top_k == rag::kMaxTopK);
    CHECK(got.requests[1].corpus_id.empty());
}

TEST_CASE("write_request and parse_request round-trip", "[request]") {
    rag::Request r;
    r.query = "why \"x\"?\n";
    r.history = {{"user", "a"}, {"assistant", "b\u2028"}};
    r.corpus_id = "c";
    r.session_id = "s";
    r.use_cache = false;
    r.top_k = 7;
    r.model = "openai:gpt";
    r.cached = true;
    std::string line;
    rag::JsonWriter w(line);
    w.begin_object().key("type").str("request").key("run").str("r1").key("data").begin_object();
    rag::write_request(w, r);
    w.end_object().end_object();
    Requests got(line + "\n");
    REQUIRE(got.requests.size() == 1);
    const rag::Request& b = got.requests[0];
    CHECK(b.query == r.query);
    REQUIRE(b.history.size() == 2);
    CHECK(b.history[1].content == "b\u2028");
    CHECK(b.corpus_id == "c");
    CHECK(b.session_id == "s");
    CHECK(b.use_cache == false);
    CHECK(b.top_k == 7);
    CHECK(b.model == "openai:gpt");
    CHECK(b.cached);
}

TEST_CASE("new_run_id gives distinct ids of the documented form", "[request]") {
    std::set<std::string> ids;
    for (int i = 0; i < 1000; ++i) {
        std::string id = rag::new_run_id();
        CHECK(is_run_id(id));
        ids.insert(id);
    }
    CHECK(ids.size() == 1000);
}

TEST_CASE("resolve_model prefers the request, then RAG_MODEL, then extractive", "[request]") {
    const char* old = std::getenv("RAG_MODEL");
    std::string saved = old ? old : "";
    unsetenv("RAG_MODEL");
    CHECK(rag::resolve_model("").spec == "extractive");
    setenv("RAG_MODEL", "ollama:llama3", 1);
    CHECK(rag::resolve_model("").spec == "ollama:llama3");
    CHECK(rag::resolve_model("openai:x").spec == "openai:x");
    // A bare backend takes the name of the model below it when the backend is the same.
    CHECK(rag::resolve_model("ollama").spec == "ollama:llama3");
    CHECK(rag::resolve_model("openai").spec == "openai:gpt-4o-mini");
    CHECK(rag::resolve_model("", "openai:local").spec == "openai:local");
    CHECK(rag::resolve_model("openai", "openai:local").spec == "openai:local");
    CHECK(rag::resolve_model("claude:x").error.find("unknown model") != std::string::npos);
    CHECK(rag::resolve_model("claude:x").spec == "claude:x");
    setenv("RAG_MODEL", "", 1);
    CHECK(rag::resolve_model("").spec == "extractive");
    CHECK(rag::resolve_model("").kind == rag::BackendKind::kExtractive);
    CHECK(rag::resolve_model("ollama").spec == "ollama:llama3.2");
    if (old) setenv("RAG_MODEL", saved.c_str(), 1);
    else unsetenv("RAG_MODEL");
}

TEST_CASE("contextualized_query keeps the last turns before the query", "[request]") {
    rag::Request r;
    r.query = "and then?";
    CHECK(rag::contextualized_query(r) == "User: and then?");
    r.history = {{"user", "one"}, {"assistant", "two"}, {"user", "three"}};
    CHECK(rag::contextualized_query(r, 2) == "Assistant: two\nUser: three\n\nUser: and then?");
    CHECK(rag::contextualized_query(r, 0) == "User: and then?");
}

TEST_CASE("sampling survives the request event and keys the cache only when set", "[request]") {
    rag::Request r;
    r.query = "q";
    CHECK(rag::sampling_key(r.sampling).empty());
    r.sampling = {0.5, 0.9, 64, {"END"}};
    std::string line = rag::request_event_line("r1", r);
    simdjson::dom::parser p;
    rag::Event ev;
    ev.type = "request";
    ev.data = p.parse(line)["data"].get_object();
    rag::Request back = rag::parse_request(ev);
    CHECK(back.sampling.temperature == 0.5);
    CHECK(back.sampling.top_p == 0.9);
    CHECK(back.sampling.max_tokens == 64);
    CHECK(back.sampling.stop == std::vector<std::string>{"END"});
    CHECK(rag::sampling_key(back.sampling) == rag::sampling_key(r.sampling));
    back.sampling.temperature = 0.6;
    CHECK(rag::sampling_key(back.sampling) != rag::sampling_key(r.sampling));
}

TEST_CASE("a client's system message travels in the request and keys the cache", "[request]") {
    rag::Request r;
    r.query = "q";
    r.sampling.system = "Answer in French.";
    CHECK_FALSE(r.sampling.empty());
    std::string line = rag::request_event_line("r1", r);
    simdjson::dom::parser p;
    rag::Event ev;
    ev.type = "request";
    ev.data = p.parse(line)["data"].get_object();
    CHECK(rag::parse_request(ev).sampling.system == "Answer in French.");
    CHECK(rag::is_request_field("system"));
    CHECK_FALSE(rag::is_request_field("session"));
    std::string french = rag::sampling_key(r.sampling);
    r.sampling.system = "Answer in German.";
    CHECK(rag::sampling_key(r.sampling) != french);
    r.sampling.system.clear();
    CHECK(rag::sampling_key(r.sampling).empty());  // keys from before system messages stay valid
}
