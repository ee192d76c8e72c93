// SPDX-License-Identifier: MIT
// Tests of a run's event log: numbering, replay after a seq, and its byte bounds.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lib/http/event_log.h"

namespace {

using rag::http::EventLog;
using rag::http::LoggedEvent;

std::vector<uint64_t> seqs_after(const EventLog& log, uint64_t seq) {
    std::vector<uint64_t> out;
    log.for_each_after(seq, [&](const LoggedEvent& e) { out.push_back(e.seq); });
    return out;
}

size_t cost(std::string_view type, std::string_view data) {
    return EventLog::kEntryOverhead + type.size() + data.size();
}

}  // namespace

TEST_CASE("events are numbered from 1 and replayed after any seq", "[resume]") {
    EventLog log(1 << 20);
    CHECK(log.last_seq() == 0);
    CHECK(log.append("meta", "{}") == 1);
    CHECK(log.append("token", R"({"t":"a"})") == 2);
    CHECK(log.append("done", R"({"answer":"a"})") == 3);
    CHECK(log.last_seq() == 3);
    CHECK(seqs_after(log, 0) == std::vector<uint64_t>{1, 2, 3});
    CHECK(seqs_after(log, 1) == std::vector<uint64_t>{2, 3});
    CHECK(seqs_after(log, 3).empty());
    std::string types;
    log.for_each_after(1, [&](const LoggedEvent& e) { types += e.type + "=" + e.data + ";"; });
    CHECK(types == R"(token={"t":"a"};done={"answer":"a"};)");
}

TEST_CASE("a log over its bound drops its oldest events and says which seqs it can replay", "[resume]") {
    size_t one = cost("token", "0123456789");
    EventLog log(3 * one);
    for (int i = 0; i < 5; ++i) log.append("token", "0123456789");
    CHECK(log.size() == 3);
    CHECK(log.bytes() == 3 * one);
    CHECK(log.last_seq() == 5);
    CHECK(seqs_after(log, 0) == std::vector<uint64_t>{3, 4, 5});
    CHECK_FALSE(log.holds_after(0));
    CHECK_FALSE(log.holds_after(1));
    CHECK(log.holds_after(2));
    CHECK(log.holds_after(5));
    CHECK(seqs_after(log, 3) == std::vector<uint64_t>{4, 5});
}

TEST_CASE("an event larger than the bound is numbered but not held", "[resume]") {
    EventLog log(200);
    log.append("meta", "{}");
    CHECK(log.append("done", std::string(500, 'x')) == 2);
    CHECK(log.size() == 0);
    CHECK(log.bytes() == 0);
    CHECK(log.holds_after(2));
    CHECK_FALSE(log.holds_after(1));
    CHECK(log.append("token", "{}") == 3);
    CHECK(seqs_after(log, 2) == std::vector<uint64_t>{3});
}

TEST_CASE("every log adds to the shared total and takes its bytes back when cleared or destroyed", "[resume]") {
    uint64_t total = 0;
    {
        EventLog a(1 << 20, &total), b(cost("t", "xy") * 2, &total);
        a.append("t", "xy");
        b.append("t", "xy");
        b.append("t", "xy");
        b.append("t", "xy");  // drops b's oldest
        CHECK(total == a.bytes() + b.bytes());
        CHECK(total == 3 * cost("t", "xy"));
        b.clear();
        CHECK(total == a.bytes());
        CHECK(b.append("t", "xy") == 4);  // numbering goes on after a clear
        CHECK_FALSE(b.holds_after(2));
    }
    CHECK(total == 0);
}
