// SPDX-License-Identifier: MIT
// Unit tests of lib/cache: keys, answer records, sessions, purge, durations.
#include <catch2/catch.hpp>

#include <unistd.h>
#include <cstdlib>
#include <filesystem>

#include "lib/cache/answers.h"
#include "lib/cache/cache.h"
#include "lib/cache/key.h"
#include "lib/cache/sessions.h"

namespace {

namespace fs = std::filesystem;
using namespace rag::cache;

struct TempDir {
    TempDir() {
        char tmpl[] = "/tmp/cache-test-XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string path;
};

Answer sample(std::string text = "Hello world") {
    Answer a;
    a.query = "User: hi";
    a.corpus_id = "docs";
    a.generation = 3;
    a.model = "extractive";
    a.created_ms = 1700000000000;
    a.answer = text;
    a.tokens = {5, static_cast<uint32_t>(text.size() - 5)};
    a.sources = R"({"sources":[{"doc":"a.md","score":1.5}]})";
    return a;
}

}  // namespace

TEST_CASE("answer keys differ in every part and have a fixed size", "[cache]") {
    std::string base = answer_key({"q", "docs", 1, "extractive"});
    CHECK(base.size() == kKeyBytes);
    CHECK(base == answer_key({"q", "docs", 1, "extractive"}));
    CHECK(base != answer_key({"q ", "docs", 1, "extractive"}));
    CHECK(base != answer_key({"q", "docs2", 1, "extractive"}));
    CHECK(base != answer_key({"q", "docs", 2, "extractive"}));
    CHECK(base != answer_key({"q", "docs", 1, "ollama:x"}));
    CHECK(base != answer_key({"q", "docs", 1, "extractive", R"({"temperature":0.5,"stop":[]})"}));
    CHECK(answer_key({"q", "docs", 1, "x", "{\"top_p\":1}"}) != answer_key({"q", "docs", 1, "x", "{\"top_p\":0.9}"}));
    // Length prefixes keep field boundaries: ("ab","c") is not ("a","bc").
    CHECK(answer_key({"ab", "c", 0, ""}) != answer_key({"a", "bc", 0, ""}));
    CHECK(answer_key({std::string(100000, 'x'), "", 0, ""}).size() == kKeyBytes);
}

TEST_CASE("hex round-trips and rejects bad digits", "[cache]") {
    std::string bytes("\x00\xff\x10z", 4);
    CHECK(to_hex(bytes) == "00ff107a");
    CHECK(from_hex("00ff107a") == bytes);
    CHECK_FALSE(from_hex("0"));
    CHECK_FALSE(from_hex("zz"));
}

TEST_CASE("answer records round-trip and reject tokens that do not add up", "[cache]") {
    Answer a = sample("Héllo \"world\"\n");
    std::string json = encode_answer(a);
    auto b = decode_answer(json);
    REQUIRE(b);
    CHECK(b->answer == a.answer);
    CHECK(b->tokens == a.tokens);
    CHECK(b->sources == a.sources);
    CHECK(b->generation == 3);
    CHECK(b->created_ms == a.created_ms);
    a.tokens = {1};
    CHECK_FALSE(decode_answer(encode_answer(a)));
    CHECK_FALSE(decode_answer("not json"));
    CHECK_FALSE(decode_answer("{}"));
}

TEST_CASE("packed records round-trip and reject damage", "[cache]") {
    Answer a = sample("Héllo world");
    std::string bytes = pack_answer(a);
    auto b = unpack_answer(bytes);
    REQUIRE(b);
    CHECK(b->answer == a.answer);
    CHECK(b->query == a.query);
    CHECK(b->tokens == a.tokens);
    CHECK(b->sources == a.sources);
    CHECK(b->generation == a.generation);
    CHECK(b->created_ms == a.created_ms);
    CHECK_FALSE(unpack_answer(bytes.substr(0, bytes.size() - 1)));
    CHECK_FALSE(unpack_answer(bytes + "x"));
    CHECK_FALSE(unpack_answer(""));
    bytes[0] = 'Z';
    CHECK_FALSE(unpack_answer(bytes));
}

TEST_CASE("an empty answer with no tokens round-trips (found by cache_record_fuzz: memcpy to null)", "[cache]") {
    Answer a = sample("");
    a.tokens.clear();
    auto b = unpack_answer(pack_answer(a));
    REQUIRE(b);
    CHECK(b->answer.empty());
    CHECK(b->tokens.empty());
}

TEST_CASE("the verify result round-trips; records made before it still read", "[cache]") {
    Answer a = sample();
    a.verify = R"({"score":0.9,"accepted":true,"issues":[]})";
    auto packed = unpack_answer(pack_answer(a));
    REQUIRE(packed);
    CHECK(packed->verify == a.verify);
    auto json = decode_answer(encode_answer(a));
    REQUIRE(json);
    CHECK(json->verify == a.verify);
    // Version 'A' had no verify field: the same layout without its length.
    Answer old = sample();
    std::string bytes = pack_answer(old);
    size_t at = 1 + 8 + 8 + 5 * 4 + old.query.size() + old.corpus_id.size() + old.model.size() + old.answer.size() +
                old.sources.size();
    bytes.erase(at, 4);
    bytes[0] = 'A';
    auto b = unpack_answer(bytes);
    REQUIRE(b);
    CHECK(b->answer == old.answer);
    CHECK(b->verify.empty());
    CHECK(b->tokens == old.tokens);
}

TEST_CASE("answers are stored, read back, counted and purged", "[cache]") {
    TempDir dir;
    auto env = rag::store::Env::open(dir.path);
    std::string k1 = answer_key({"q1", "docs", 1, "m"}), k2 = answer_key({"q2", "other", 1, "m"});
    Answer old = sample(), fresh = sample();
    old.created_ms = 1000;
    fresh.corpus_id = "other";
    fresh.created_ms = 9000;
    env.write([&](rag::store::Txn& txn) {
        put_answer(txn, k1, old);
        put_answer(txn, k2, fresh);
    });
    {
        auto txn = env.read();
        CHECK(count_answers(txn) == 2);
        auto got = get_answer(txn, k1);
        REQUIRE(got);
        CHECK(got->answer == "Hello world");
        CHECK_FALSE(get_answer(txn, answer_key({"q3", "docs", 1, "m"})));
    }
    size_t n = 0;
    env.write(
        [&](rag::store::Txn& txn) { n = purge_answers(txn, [](const Answer& a) { return a.created_ms < 5000; }); });
    CHECK(n == 1);
    env.write([&](rag::store::Txn& txn) { n = purge_answers(txn, {}); });
    CHECK(n == 1);
    auto txn = env.read();
    CHECK(count_answers(txn) == 0);
}

TEST_CASE("sessions keep turns in order and can be forgotten", "[cache]") {
    TempDir dir;
    auto env = rag::store::Env::open(dir.path);
    for (int i = 0; i < 3; ++i) {
        env.write([&](rag::store::Txn& txn) {
            append_turns(txn, "s1",
                         {make_turn("user", "q" + std::to_string(i)), make_turn("assistant", "a" + std::to_string(i))});
            append_turns(txn, "s2", {make_turn("user", "other")});
        });
    }
    {
        auto txn = env.read();
        auto all = session_history(txn, "s1", 100);
        REQUIRE(all.size() == 6);
        CHECK(all[0].content == "q0");
        CHECK(all[5].content == "a2");
        auto last = session_history(txn, "s1", 2);
        REQUIRE(last.size() == 2);
        CHECK(last[0].role == "user");
        CHECK(last[0].content == "q2");
        CHECK(session_history(txn, "nope", 10).empty());
        auto c = count_sessions(txn);
        CHECK(c.sessions == 2);
        CHECK(c.turns == 9);
    }
    size_t n = 0;
    env.write([&](rag::store::Txn& txn) { n = forget_session(txn, "s1"); });
    CHECK(n == 6);
    auto txn = env.read();
    CHECK(session_history(txn, "s1", 10).empty());
    CHECK(session_history(txn, "s2", 10).size() == 3);
}

TEST_CASE("durations take s, m, h, d and w, and need one of them", "[cache]") {
    CHECK_FALSE(parse_duration_ms("90"));  // issue 12: a bare number is ambiguous
    CHECK(parse_duration_ms("90s") == 90'000);
    CHECK(parse_duration_ms("15m") == 900'000);
    CHECK(parse_duration_ms("2h") == 7'200'000);
    CHECK(parse_duration_ms("7d") == 604'800'000);
    CHECK(parse_duration_ms("1w") == 604'800'000);
    CHECK_FALSE(parse_duration_ms("1y"));
    CHECK_FALSE(parse_duration_ms(""));
    CHECK_FALSE(parse_duration_ms("-1s"));
    CHECK_FALSE(parse_duration_ms("99999999999999999999"));
}

TEST_CASE("a cache that cannot be created switches itself off once", "[cache]") {
    TempDir dir;
    std::string file = dir.path + "/file";
    FILE* f = fopen(file.c_str(), "w");
    fclose(f);
    Cache cache(file + "/cache", Cache::Mode::write);
    CHECK(cache.env() == nullptr);
    CHECK(cache.disabled());
    CHECK(cache.env() == nullptr);
    Cache absent(dir.path + "/none", Cache::Mode::read);
    CHECK(absent.env() == nullptr);
    CHECK_FALSE(absent.disabled());  // read mode: absent is not a failure
    CHECK_FALSE(fs::exists(dir.path + "/none"));
}

TEST_CASE("a session keeps its newest turns up to the cap", "[cache]") {
    TempDir dir;
    auto env = rag::store::Env::open(dir.path);
    for (int i = 0; i < 30; ++i)
        env.write([&](rag::store::Txn& txn) {
            append_turns(txn, "s", {make_turn("user", "q" + std::to_string(i)), make_turn("assistant", "a")},
                         {.max_turns = 10}, 1000);
        });
    auto txn = env.read();
    auto all = session_history(txn, "s", 1000);
    REQUIRE(all.size() == 10);
    CHECK(all[0].content == "q25");
    CHECK(all[8].content == "q29");
    CHECK(count_sessions(txn).turns == 10);
}

TEST_CASE("old session turns are dropped on append, skipped on load and purged", "[cache]") {
    TempDir dir;
    auto env = rag::store::Env::open(dir.path);
    env.write([&](rag::store::Txn& txn) {
        append_turns(txn, "s", {make_turn("user", "old", "r1", false, 1000)});
        append_turns(txn, "idle", {make_turn("user", "idle", "r2", false, 1000)});
        append_turns(txn, "s", {make_turn("user", "new", "r3", false, 5000)}, {.ttl_ms = 2000}, 5000);
    });
    {
        auto txn = env.read();
        auto s = session_history(txn, "s", 10);
        REQUIRE(s.size() == 1);
        CHECK(s[0].content == "new");
        CHECK(session_history(txn, "idle", 10, 2000).empty());
        CHECK(session_history(txn, "idle", 10).size() == 1);
    }
    size_t purged = 0;
    env.write([&](rag::store::Txn& txn) { purged = purge_turns(txn, 2000); });
    CHECK(purged == 1);
    {
        auto txn = env.read();
        CHECK(count_sessions(txn).sessions == 1);  // the idle session is gone, counter and all
        CHECK(session_history(txn, "s", 10).size() == 1);
    }
    env.write([&](rag::store::Txn& txn) { purged = purge_turns(txn, 0); });
    CHECK(purged == 1);
    auto txn = env.read();
    CHECK(count_sessions(txn).sessions == 0);
}
