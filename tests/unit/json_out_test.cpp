// SPDX-License-Identifier: MIT
// JSON string escaping and the object writer: everything we write parses back to what we meant.
#include "lib/core/json_out.h"

#include <simdjson.h>
#include <catch2/catch.hpp>

namespace {

// Writes `s` as a JSON string, parses it back with simdjson, and returns what it read.
std::string round_trip(std::string_view s) {
    std::string json;
    rag::append_json_string(json, s);
    simdjson::dom::parser parser;
    std::string_view back;
    REQUIRE(parser.parse(json).get_string().get(back) == simdjson::SUCCESS);
    return std::string(back);
}

std::string escaped(std::string_view s) {
    std::string json;
    rag::append_json_string(json, s);
    return json;
}

}  // namespace

TEST_CASE("every control character round-trips through our escaping", "[json_out]") {
    for (int c = 0; c < 0x20; ++c) {
        std::string s = "a";
        s.push_back(static_cast<char>(c));
        s += "b";
        INFO("character " << c);
        CHECK(round_trip(s) == s);
        std::string json = escaped(s);
        for (char k : json) CHECK(static_cast<unsigned char>(k) >= 0x20);  // never raw
    }
}

TEST_CASE("control characters use the short escapes where JSON has them", "[json_out]") {
    CHECK(escaped("\n\r\t\b\f") == R"("\n\r\t\b\f")");
    CHECK(escaped(std::string_view("\x01\x1f", 2)) == R"("\u0001\u001f")");
}

TEST_CASE("quote, backslash, DEL, U+2028 and astral characters round-trip", "[json_out]") {
    CHECK(escaped("\"\\") == R"("\"\\")");
    for (std::string_view s : {"say \"hi\"", "C:\\dir\\", "\x7f", "line\u2028sep\u2029",
                               "emoji \U0001F600 and \U00010348", "\U0010FFFF", "é ü 中文"}) {
        INFO(s);
        CHECK(round_trip(s) == s);
    }
    CHECK(escaped("\x7f") == "\"\x7f\"");  // DEL is legal JSON as it is
}

TEST_CASE("an embedded NUL is escaped and keeps the string's length", "[json_out]") {
    std::string s("a\0b", 3);
    CHECK(escaped(s) == R"("a\u0000b")");
    CHECK(round_trip(s) == s);
}

TEST_CASE("invalid UTF-8 becomes U+FFFD, one per bad byte", "[json_out]") {
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(round_trip("a\xff"
                     "b") == "a" + fffd + "b");
    CHECK(round_trip("\xc0\x80") == fffd + fffd);                        // overlong NUL
    CHECK(round_trip("\xe0\x80\xaf") == fffd + fffd + fffd);             // overlong '/'
    CHECK(round_trip("\xed\xa0\x80") == fffd + fffd + fffd);             // surrogate D800
    CHECK(round_trip("\xf4\x90\x80\x80") == fffd + fffd + fffd + fffd);  // above U+10FFFF
    CHECK(round_trip("cut \xe4\xb8") == "cut " + fffd + fffd);           // truncated at the end
    CHECK(round_trip("\x80") == fffd);                                   // lone continuation
    CHECK(rag::valid_utf8("ok \xff \U0001F600") == "ok " + fffd + " \U0001F600");
}

TEST_CASE("arbitrary bytes always give valid JSON that simdjson accepts", "[json_out]") {
    std::string all;
    for (int b = 0; b < 256; ++b) all.push_back(static_cast<char>(b));
    std::string json = escaped(all);
    CHECK(simdjson::validate_utf8(json.data(), json.size()));
    simdjson::dom::parser parser;
    std::string_view back;
    REQUIRE(parser.parse(json).get_string().get(back) == simdjson::SUCCESS);
    CHECK(back.substr(0, 0x80) == std::string_view(all).substr(0, 0x80));
}

TEST_CASE("utf8_complete_prefix never cuts a character", "[json_out]") {
    std::string s = "ab\U0001F600";
    CHECK(rag::utf8_complete_prefix(s) == s.size());
    for (size_t cut = 3; cut < s.size(); ++cut) CHECK(rag::utf8_complete_prefix(s.substr(0, cut)) == 2);
    CHECK(rag::utf8_complete_prefix("é") == 2);
    CHECK(rag::utf8_complete_prefix("\xc3") == 0);
    CHECK(rag::utf8_complete_prefix("") == 0);
}

TEST_CASE("JsonWriter places commas and nests objects and arrays", "[json_out]") {
    std::string out;
    rag::JsonWriter w(out);
    w.begin_object()
        .key("a")
        .num(1)
        .key("b")
        .begin_array()
        .str("x")
        .num(2.5)
        .boolean(false)
        .null()
        .begin_object()
        .end_object()
        .end_array()
        .key("c")
        .begin_object()
        .key("d")
        .raw("[1,2]")
        .end_object()
        .end_object();
    CHECK(out == R"({"a":1,"b":["x",2.5,false,null,{}],"c":{"d":[1,2]}})");
}

TEST_CASE("JsonWriter writes numbers JSON can read", "[json_out]") {
    std::string out;
    rag::JsonWriter w(out);
    w.begin_array()
        .num(int64_t{-9007199254740993})
        .num(uint64_t{18446744073709551615u})
        .num(0.1)
        .num(1e300)
        .num(std::numeric_limits<double>::infinity())
        .num(std::nan(""))
        .end_array();
    CHECK(out == "[-9007199254740993,18446744073709551615,0.1,1e+300,null,null]");
    simdjson::dom::parser parser;
    CHECK(parser.parse(out).error() == simdjson::SUCCESS);
}

TEST_CASE("JsonWriter escapes keys too", "[json_out]") {
    std::string out;
    rag::JsonWriter w(out);
    w.begin_object().key("a\"b\n").str("v").end_object();
    CHECK(out == R"({"a\"b\n":"v"})");
}
