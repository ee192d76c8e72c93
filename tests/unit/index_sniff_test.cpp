// SPDX-License-Identifier: MIT
// Inputs told apart by content, and compressed ones read transparently.
#include <catch2/catch.hpp>

#include <zlib.h>

#include "lib/index/decompress.h"
#include "lib/index/document.h"
#include "lib/index/inputs.h"
#include "lib/index/sniff.h"

using namespace rag::index;

TEST_CASE("text formats are told apart by content", "[sniff]") {
    CHECK(sniff_type("{\"_id\":\"1\"}\n") == InputType::jsonl);
    CHECK(sniff_type("{\n  \"pretty\": true\n}\n") == InputType::text);  // one JSON document, not JSONL
    CHECK(sniff_type("{ a Pascal comment }\nbegin end.\n") == InputType::text);
    CHECK(sniff_type("<!DOCTYPE html><p>x") == InputType::html);
    CHECK(sniff_type(".\\\" comment\n.TH X 1\n") == InputType::man);
    CHECK(sniff_type("Title\n=====\n\ntext") == InputType::markdown);
    CHECK(sniff_type("# Heading\ntext") == InputType::markdown);
    CHECK(sniff_type("frob (2.1-1) unstable; urgency=medium\n") == InputType::text);
    CHECK(sniff_type("<jane@example.org> wrote") == InputType::html);  // as a page would start
    CHECK(sniff_type("2 < 3 is true") == InputType::text);
}

TEST_CASE("binary content is recognised, text with escapes is not", "[sniff]") {
    CHECK(looks_binary(std::string_view("PNG\0\1\2", 6)));
    CHECK(looks_binary("\x01\x02\x03\x04\x05\x06\x07 abc"));
    CHECK_FALSE(looks_binary("plain text\twith a tab\r\n\x1b[1mbold\x1b[0m\n"));
}

TEST_CASE("names say the type under a compression suffix", "[sniff]") {
    CHECK(type_of_path("man/curl.1.gz") == InputType::man);
    CHECK(type_of_path("doc/README.md.xz") == InputType::markdown);
    CHECK(type_of_path("doc/changelog.Debian.gz") == InputType::automatic);
    CHECK(without_compression_suffix("a.txt.ZST") == "a.txt");
    CHECK(without_compression_suffix(".gz") == ".gz");
}

TEST_CASE("gzip data is decompressed, damaged data is reported, plain data passes", "[sniff]") {
    std::string text = "hello, compressed world\n";
    uLongf size = compressBound(text.size()) + 32;
    std::string gz(size, '\0');
    z_stream z{};
    REQUIRE(deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK);
    z.next_in = reinterpret_cast<Bytef*>(text.data());
    z.avail_in = static_cast<uInt>(text.size());
    z.next_out = reinterpret_cast<Bytef*>(gz.data());
    z.avail_out = static_cast<uInt>(gz.size());
    REQUIRE(deflate(&z, Z_FINISH) == Z_STREAM_END);
    gz.resize(z.total_out);
    deflateEnd(&z);
    CHECK(decompress(gz, "x.gz") == text);
    CHECK(decompress(gz + gz, "x.gz") == text + text);  // two members
    CHECK_THROWS_AS(decompress(gz.substr(0, gz.size() / 2), "x.gz"), LoadError);
    CHECK(decompress("plain", "x.gz") == "plain");
}
