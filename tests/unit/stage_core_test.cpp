// SPDX-License-Identifier: MIT
// What the event core owns for every stage: bound handlers, per-run state,
// cached runs passed through, passages read once, and stdout in Tool::run.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <csignal>

#include "lib/core/filter.h"
#include "lib/core/passages.h"
#include "lib/core/tool.h"

namespace {

// Runs `input` through run_filter from one memfd to another; returns the output.
std::string run_through(rag::EventTable& table, std::string_view input) {
    int in = memfd_create("core-in", 0), out = memfd_create("core-out", 0);
    REQUIRE((in >= 0 && out >= 0));
    REQUIRE(write(in, input.data(), input.size()) == static_cast<ssize_t>(input.size()));
    lseek(in, 0, SEEK_SET);
    {
        rag::Writer writer(out);
        CHECK(rag::run_filter(table, writer, {.in_fd = in}) == rag::kExitOk);
    }
    std::string s(static_cast<size_t>(lseek(out, 0, SEEK_END)), '\0');
    REQUIRE(pread(out, s.data(), s.size(), 0) == static_cast<ssize_t>(s.size()));
    close(in);
    close(out);
    return s;
}

std::string event(std::string_view type, std::string_view run, std::string_view data = "{}") {
    return fmt::format(R"({{"type":"{}","run":"{}","data":{}}})", type, run, data) + "\n";
}

struct Counter {
    rag::RunTable<int> runs;
    std::vector<std::string> seen;
    void on_token(const rag::Event& ev, rag::Writer&) {
        ++runs[ev.run];
        seen.emplace_back(ev.run);
    }
    void on_done(const rag::Event& ev, rag::Writer& out) {
        seen.push_back("done " + std::to_string(runs[ev.run]));
        out.forward(ev);
    }
};

}  // namespace

TEST_CASE("EventTable::bind calls the object's member functions; other events pass", "[core]") {
    Counter c;
    auto table = rag::EventTable::bind(c, {{"token", &Counter::on_token}});
    std::string out = run_through(table, event("token", "a") + event("meta", "a") + event("token", "b"));
    CHECK(c.seen == std::vector<std::string>{"a", "b"});
    CHECK(out == event("meta", "a"));
}

TEST_CASE("a tracked run table loses a run after its done, error or cancel is handled", "[core]") {
    Counter c;
    auto table = rag::EventTable::bind(c, {{"token", &Counter::on_token}, {"done", &Counter::on_done}});
    table.track(c.runs);
    run_through(table, event("token", "a") + event("token", "a") + event("done", "a") + event("token", "b") +
                           event("token", "c") + event("error", "b") + event("cancel", "x"));
    CHECK(c.seen == std::vector<std::string>{"a", "a", "done 2", "b", "c"});  // done still saw the state
    CHECK_FALSE(c.runs.contains("a"));
    CHECK_FALSE(c.runs.contains("b"));
    CHECK(c.runs.contains("c"));
}

TEST_CASE("a run table calls on_erase before a run goes", "[core]") {
    std::vector<int> erased;
    rag::RunTable<int> runs([&](int& v) { erased.push_back(v); });
    runs["a"] = 7;
    runs.erase("a");
    runs.erase("missing");
    CHECK(erased == std::vector<int>{7});
    CHECK(runs.empty());
}

TEST_CASE("skip_cached forwards every event of a cached run without a handler call", "[core]") {
    Counter c;
    auto table = rag::EventTable::bind(c, {{"token", &Counter::on_token}, {"done", &Counter::on_done}});
    table.skip_cached();
    std::string hit =
        event("request", "h", R"({"query":"q","cached":true})") + event("token", "h") + event("done", "h");
    std::string out = run_through(table, hit + event("token", "h") + event("token", "m"));
    CHECK(out == hit);                                    // the hit passed untouched
    CHECK(c.seen == std::vector<std::string>{"h", "m"});  // after its done, "h" is a new run
}

TEST_CASE("read_passages reads passages and sources and keeps their numbering", "[core]") {
    std::vector<rag::PassageView> got;
    std::string list;
    rag::EventTable table{{"context", [&](const rag::Event& ev, rag::Writer&) {
                               for (const auto& p : rag::read_passages(ev))
                                   list += std::string(p.doc) + "|" + std::string(p.text) + ";";
                               for (const auto& s : rag::read_passages(ev, "sources"))
                                   list += std::string(s.title) + "|" + std::to_string(static_cast<int>(s.score * 10)) +
                                           ";";
                           }}};
    run_through(table, event("context", "r",
                             R"({"passages":[{"doc":"a","text":"A"},7,{"doc":"c"}],)"
                             R"("sources":[{"title":"T","score":2},{"score":1.5}]})"));
    CHECK(list == "a|A;|;c|;T|20;|15;");
}

TEST_CASE("Tool::run owns stdout: a full disk exits 74, a closed reader exits 0 quietly", "[core]") {
    auto run_with_stdout = [](int fd) {
        fflush(stdout);
        int saved = dup(1);
        dup2(fd, 1);
        rag::Tool tool{"core-test", "a test tool"};
        char name[] = "core-test";
        char* argv[] = {name, nullptr};
        int rc = tool.run(1, argv, [](rag::Writer& out) {
            out.append("some output\n");
            return rag::kExitOk;
        });
        dup2(saved, 1);
        close(saved);
        rag::set_program_name("rag");
        return rc;
    };
    int full = open("/dev/full", O_WRONLY);
    if (full >= 0) {
        CHECK(run_with_stdout(full) == rag::kExitIoErr);
        close(full);
    }
    int p[2];
    REQUIRE(pipe(p) == 0);
    close(p[0]);
    auto old = signal(SIGPIPE, SIG_IGN);
    CHECK(run_with_stdout(p[1]) == rag::kExitOk);
    signal(SIGPIPE, old);
    close(p[1]);
}
