// SPDX-License-Identifier: MIT
// The event envelope, the dispatch table and the writer: what a tool gets and what it writes.
#include "lib/core/event.h"
#include "lib/core/filter.h"

#include <poll.h>
#include <csignal>
#include <thread>

#include <sys/mman.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include "lib/core/error.h"

namespace {

// An anonymous in-memory file; text() returns everything written to it.
struct MemFd {
    int fd = memfd_create("event-test", 0);
    MemFd() { REQUIRE(fd >= 0); }
    ~MemFd() { close(fd); }
    std::string text() const {
        std::string s(static_cast<size_t>(lseek(fd, 0, SEEK_END)), '\0');
        REQUIRE(pread(fd, s.data(), s.size(), 0) == static_cast<ssize_t>(s.size()));
        return s;
    }
};

// Sends fd 2 to a memfd while alive, so diagnostics can be asserted.
struct StderrCapture {
    MemFd file;
    int saved = dup(2);
    StderrCapture() { dup2(file.fd, 2); }
    ~StderrCapture() { restore(); }
    void restore() {
        if (saved >= 0) {
            dup2(saved, 2);
            close(saved);
            saved = -1;
        }
    }
    std::string text() const { return file.text(); }
};

// Runs `input` through `table` as a filter does, with output to a memfd.
std::string filter(rag::EventTable& table, std::string_view input, size_t max_line = rag::kDefaultMaxLine) {
    MemFd in, out;
    REQUIRE(write(in.fd, input.data(), input.size()) == static_cast<ssize_t>(input.size()));
    lseek(in.fd, 0, SEEK_SET);
    rag::LineReader reader(in.fd, max_line);
    table.set_max_line(max_line);
    {
        rag::Writer writer(out.fd);
        rag::Line line;
        do {
            while (reader.next(line)) table.dispatch(line, writer);
        } while (reader.fill());
        while (reader.next(line)) table.dispatch(line, writer);
        table.finish(writer);
    }
    return out.text();
}

// The types of the events a table saw, as "type/run" strings.
struct Recorder {
    std::vector<std::string> seen;
    rag::Handler handler() {
        return [this](const rag::Event& ev, rag::Writer&) {
            seen.push_back(std::string(ev.type) + "/" + std::string(ev.run));
        };
    }
};

}  // namespace

TEST_CASE("events without a handler are forwarded byte for byte", "[event]") {
    rag::EventTable table;
    std::string in =
        "{\"type\":\"token\",\"run\":\"a\",\"data\":{\"t\":\"x\"}}\n"
        "{ \"run\" : \"b\",  \"type\":\"meta\", \"data\":{\"z\":1.50,\"a\":[ ]}, \"extra\":true}\n"
        "{\"type\":\"future\",\"run\":\"c\",\"data\":{\"t\":\"\\u00e9\\n\"}}\n";
    StderrCapture err;
    CHECK(filter(table, in) == in);
    err.restore();
    CHECK(err.text().empty());
}

TEST_CASE("a handler gets type, run, data and the line; others still pass", "[event]") {
    std::string got;
    rag::EventTable table{{"token", [&](const rag::Event& ev, rag::Writer& out) {
                               got = std::string(ev.type) + " " + std::string(ev.run) + " " + std::string(ev.str("t")) +
                                     " " + std::to_string(ev.line_number);
                               out.emit("token", ev.run, [&](rag::JsonWriter& w) { w.key("t").str("T"); });
                           }}};
    std::string out =
        filter(table, "{\"type\":\"meta\",\"run\":\"a\"}\n{\"type\":\"token\",\"run\":\"a\",\"data\":{\"t\":\"x\"}}\n");
    CHECK(got == "token a x 2");
    CHECK(out == "{\"type\":\"meta\",\"run\":\"a\"}\n{\"type\":\"token\",\"run\":\"a\",\"data\":{\"t\":\"T\"}}\n");
}

TEST_CASE("a missing data object reads as empty", "[event]") {
    bool empty = false;
    rag::EventTable table{{"done", [&](const rag::Event& ev, rag::Writer&) {
                               empty = ev.str("answer", "none") == "none" && ev.data.size() == 0;
                           }}};
    filter(table, "{\"type\":\"done\",\"run\":\"a\"}\n");
    CHECK(empty);
}

TEST_CASE("Event accessors read typed fields with fallbacks", "[event]") {
    rag::EventTable table{{"x", [&](const rag::Event& ev, rag::Writer&) {
                               CHECK(ev.str("s") == "v");
                               CHECK(ev.str("n", "fb") == "fb");
                               CHECK(ev.flag("b") == true);
                               CHECK(ev.flag("s", true) == true);
                               CHECK(ev.integer("i") == 42);
                               CHECK(ev.integer("d") == 3);
                               CHECK(ev.integer("s", -1) == -1);
                               CHECK(ev.json("o") == "{\"k\":[1,2]}");
                               CHECK(ev.json("missing").empty());
                           }}};
    filter(table, R"({"type":"x","run":"r","data":{"s":"v","n":1,"b":true,"i":42,"d":3.7,"o":{ "k" : [1, 2] }}})"
                  "\n");
}

TEST_CASE("Event::integer saturates numbers beyond int64 instead of overflowing", "[event]") {
    rag::EventTable table{{"x", [&](const rag::Event& ev, rag::Writer&) {
                               CHECK(ev.integer("big") == INT64_MAX);
                               CHECK(ev.integer("small") == INT64_MIN);
                               CHECK(ev.integer("huge_uint") == INT64_MAX);
                               CHECK(ev.integer("frac") == -2);
                           }}};
    filter(table,
           R"({"type":"x","run":"r","data":{"big":1e300,"small":-1e300,"huge_uint":18446744073709551615,"frac":-2.9}})"
           "\n");
}

TEST_CASE("invalid JSON is reported with its line number and the next line is read", "[event]") {
    Recorder rec;
    rag::EventTable table;
    table.otherwise(rec.handler());
    StderrCapture err;
    filter(table, "{\"type\":\"a\",\"run\":\"1\"}\n{\"type\":\"b\",\"run\n{\"type\":\"c\",\"run\":\"3\"}\n");
    err.restore();
    CHECK(rec.seen == std::vector<std::string>{"a/1", "c/3"});
    CHECK_THAT(err.text(), Catch::StartsWith(rag::program_name() + ": <stdin>:2: invalid JSON"));
}

TEST_CASE("an embedded raw NUL makes the line invalid, not truncated", "[event]") {
    Recorder rec;
    rag::EventTable table;
    table.otherwise(rec.handler());
    StderrCapture err;
    using namespace std::string_literals;
    std::string in = "{\"type\":\"t\",\"run\":\"a\",\"data\":{\"t\":\"x\0y\"}}\n{\"type\":\"t\",\"run\":\"b\"}\n"s;
    filter(table, in);
    err.restore();
    CHECK(rec.seen == std::vector<std::string>{"t/b"});
    CHECK_THAT(err.text(), Catch::Contains("<stdin>:1: invalid JSON"));
}

TEST_CASE("an escaped NUL in a string reaches the handler whole", "[event]") {
    std::string t;
    rag::EventTable table{{"token", [&](const rag::Event& ev, rag::Writer&) { t = ev.str("t"); }}};
    filter(table, R"({"type":"token","run":"a","data":{"t":"x\u0000y"}})"
                  "\n");
    CHECK(t == std::string("x\0y", 3));
}

TEST_CASE("a missing type or run is reported and the line skipped", "[event]") {
    Recorder rec;
    rag::EventTable table;
    table.otherwise(rec.handler());
    StderrCapture err;
    filter(table,
           "{\"run\":\"a\",\"data\":{}}\n{\"type\":\"token\",\"data\":{}}\n{\"type\":1,\"run\":\"a\"}\n"
           "{\"type\":\"token\",\"run\":\"a\",\"data\":[1]}\n{\"type\":\"ok\",\"run\":\"z\"}\n");
    err.restore();
    CHECK(rec.seen == std::vector<std::string>{"ok/z"});
    std::string e = err.text();
    CHECK_THAT(e, Catch::Contains("<stdin>:1: not an event: missing \"type\""));
    CHECK_THAT(e, Catch::Contains("<stdin>:2: not an event: missing \"run\""));
    CHECK_THAT(e, Catch::Contains("<stdin>:3: not an event: missing \"type\""));
    CHECK_THAT(e, Catch::Contains("<stdin>:4: not an event: \"data\" is not an object"));
}

TEST_CASE("a request without a run gets a fresh run id and keeps its data", "[event]") {
    rag::EventTable table;
    std::string out = filter(table, "{\"type\":\"request\",\"data\":{\"query\":\"q\",\"top_k\":3}}\n");
    simdjson::dom::parser p;
    simdjson::dom::element e = p.parse(out).value();
    CHECK(std::string_view(e["type"].get_string().value()) == "request");
    std::string_view run = e["run"].get_string().value();
    CHECK(run.size() == 13);
    CHECK(run[0] == 'r');
    CHECK(std::string_view(e["data"]["query"].get_string().value()) == "q");
    CHECK(int64_t(e["data"]["top_k"].get_int64().value()) == 3);
}

TEST_CASE("empty and blank lines are skipped silently", "[event]") {
    Recorder rec;
    rag::EventTable table;
    table.otherwise(rec.handler());
    StderrCapture err;
    std::string out = filter(table, "\n  \n\t\r\n{\"type\":\"a\",\"run\":\"1\"}\r\n\n");
    err.restore();
    CHECK(rec.seen == std::vector<std::string>{"a/1"});
    CHECK(err.text().empty());
}

TEST_CASE("a CRLF line is forwarded without its carriage return", "[event]") {
    rag::EventTable table;
    CHECK(filter(table, "{\"type\":\"a\",\"run\":\"1\"}\r\n{\"type\":\"b\",\"run\":\"2\"}") ==
          "{\"type\":\"a\",\"run\":\"1\"}\n{\"type\":\"b\",\"run\":\"2\"}\n");
}

TEST_CASE("an over-long line is reported with the cap and the next line is dispatched", "[event]") {
    Recorder rec;
    rag::EventTable table;
    table.otherwise(rec.handler());
    StderrCapture err;
    filter(table,
           "{\"type\":\"a\",\"run\":\"1\"}\n{\"type\":\"big\",\"run\":\"2\",\"data\":{\"t\":\"" +
               std::string(5000, 'x') + "\"}}\n{\"type\":\"c\",\"run\":\"3\"}\n",
           2048);
    err.restore();
    CHECK(rec.seen == std::vector<std::string>{"a/1", "c/3"});
    CHECK_THAT(err.text(), Catch::Contains("<stdin>:2: line longer than 2 KiB, skipped"));
}

TEST_CASE("a 20 MiB event is skipped under the default cap and accepted under a raised one", "[event][big]") {
    std::string big = "{\"type\":\"token\",\"run\":\"a\",\"data\":{\"t\":\"" + std::string(20u << 20, 'x') + "\"}}\n";
    std::string next = "{\"type\":\"done\",\"run\":\"a\"}\n";
    size_t token_size = 0;
    Recorder rec;
    rag::EventTable table{{"token", [&](const rag::Event& ev, rag::Writer&) { token_size = ev.str("t").size(); }}};
    table.otherwise(rec.handler());
    {
        StderrCapture err;
        filter(table, big + next);
        err.restore();
        CHECK_THAT(err.text(), Catch::Contains("<stdin>:1: line longer than 16 MiB, skipped"));
        CHECK(token_size == 0);
        CHECK(rec.seen == std::vector<std::string>{"done/a"});
    }
    filter(table, big + next, 32u << 20);
    CHECK(token_size == 20u << 20);
}

TEST_CASE("the fallback and the end-of-input hook are called", "[event]") {
    int others = 0, ends = 0;
    rag::EventTable table;
    table.otherwise([&](const rag::Event&, rag::Writer&) { ++others; });
    table.at_end([&](rag::Writer& out) {
        ++ends;
        out.append_line("end");
    });
    CHECK(filter(table, "{\"type\":\"a\",\"run\":\"1\"}\n{\"type\":\"b\",\"run\":\"1\"}\n") == "end\n");
    CHECK(others == 2);
    CHECK(ends == 1);
}

TEST_CASE("Writer emits envelopes with escaped type, run and data", "[event]") {
    MemFd out;
    {
        rag::Writer w(out.fd);
        w.emit("token", "r\"1", [](rag::JsonWriter& j) { j.key("t").str("a\nb\xff"); });
        w.error("r2", "retrieve", "index \"x\" missing");
        w.emit_raw("meta", "r3", R"({"k":1})");
        w.flush();
        CHECK(w.pending() == 0);
    }
    CHECK(out.text() ==
          "{\"type\":\"token\",\"run\":\"r\\\"1\",\"data\":{\"t\":\"a\\nb\xEF\xBF\xBD\"}}\n"
          "{\"type\":\"error\",\"run\":\"r2\",\"data\":{\"message\":\"index \\\"x\\\" "
          "missing\",\"stage\":\"retrieve\"}}\n"
          "{\"type\":\"meta\",\"run\":\"r3\",\"data\":{\"k\":1}}\n");
}

TEST_CASE("Writer holds small output until flush and writes a flood in large chunks", "[event]") {
    MemFd out;
    rag::Writer w(out.fd);
    w.append_line("one");
    CHECK(out.text().empty());
    CHECK(w.pending() == 4);
    std::string_view token = "{\"type\":\"token\",\"run\":\"a\",\"data\":{\"t\":\"x\"}}";
    for (int i = 0; i < 20000; ++i) w.append_line(token);
    CHECK(out.text().size() >= 64 * 1024);  // the buffer went out on its own when it filled
    w.flush();
    CHECK(out.text().size() == 4 + 20000 * (token.size() + 1));
}

TEST_CASE("Writer reports a closed reader as OutputClosed", "[event]") {
    int p[2];
    REQUIRE(pipe(p) == 0);
    close(p[0]);
    auto old = signal(SIGPIPE, SIG_IGN);
    {
        rag::Writer w(p[1]);
        w.append_line("x");
        CHECK_THROWS_AS(w.flush(), rag::Writer::OutputClosed);
    }
    signal(SIGPIPE, old);
    close(p[1]);
}

TEST_CASE("run_filter writes out what it has before it blocks on input", "[event][pipe]") {
    int in[2], out[2];
    REQUIRE(pipe(in) == 0);
    REQUIRE(pipe(out) == 0);
    fflush(stdout);
    int saved_stdout = dup(1);
    dup2(out[1], 1);
    close(out[1]);
    rag::EventTable table;
    std::thread filter_thread([&] {
        rag::Writer writer(1);
        rag::run_filter(table, writer, {.in_fd = in[0]});
    });

    std::string line = "{\"type\":\"token\",\"run\":\"a\",\"data\":{\"t\":\"x\"}}\n";
    REQUIRE(write(in[1], line.data(), line.size()) == static_cast<ssize_t>(line.size()));
    // The input stays open: the filter is now blocked reading it, and must have flushed first.
    pollfd pfd{out[0], POLLIN, 0};
    int ready = poll(&pfd, 1, 5000);
    char buf[256] = {};
    ssize_t n = ready == 1 ? read(out[0], buf, sizeof buf) : -1;

    close(in[1]);
    filter_thread.join();
    dup2(saved_stdout, 1);
    close(saved_stdout);
    close(in[0]);
    close(out[0]);
    REQUIRE(ready == 1);
    CHECK(std::string(buf, static_cast<size_t>(n)) == line);
}

TEST_CASE("request_line_for_query builds a request with the defaults", "[event]") {
    std::string line = rag::request_line_for_query("say \"hi\"\\", "r1");
    CHECK(line == R"({"type":"request","run":"r1","data":{"query":"say \"hi\"\\","history":[],)"
                  R"("corpus_id":null,"session_id":null,"use_cache":true,"top_k":5}})");
}
