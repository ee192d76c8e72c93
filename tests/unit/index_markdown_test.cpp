// SPDX-License-Identifier: MIT
// Markdown as text: markup gone, link text and code kept.
#include <catch2/catch.hpp>

#include "lib/index/markdown.h"

using namespace rag::index;

TEST_CASE("inline markup is dropped and its text kept", "[markdown]") {
    CHECK(markdown_inline("**bold**, *em*, __strong__ and ~~gone~~") == "bold, em, strong and gone");
    CHECK(markdown_inline("see [the manual](https://x.org/m) and ![a chart](c.png)") == "see the manual and a chart");
    CHECK(markdown_inline("[![build status](https://ci/badge.svg)](https://ci) [![chat](g.svg)][gitter] ok") ==
          "build status chat ok");
    CHECK(markdown_inline("run `frob -k *.md` now") == "run frob -k *.md now");
    CHECK(markdown_inline("snake_case_name, 2 * 3 * 4, a_b") == "snake_case_name, 2 * 3 * 4, a_b");
    CHECK(markdown_inline("<https://example.org> and <br/> \\*literal\\*") == "https://example.org and  *literal*");
}

TEST_CASE("headings, rules, tables, fences and quotes lose their markers", "[markdown]") {
    std::string title;
    std::string text = markdown_to_text(
        "---\ntitle: Guide\n---\n# Using *frob*\n\n| Option | Meaning |\n|---|:--:|\n"
        "| `-k` | keep |\n\n***\n\n```sh\nfrob -k *.txt\n```\n> quoted\n\n* item\n"
        "[ref]: https://x\n",
        &title);
    CHECK(title == "Guide");
    CHECK(text == "Using frob\n\nOption; Meaning\n-k; keep\n\nfrob -k *.txt\n\nquoted\n\n- item");
}

TEST_CASE("the title is the first heading without front matter", "[markdown]") {
    CHECK(markdown_title("intro\n\n## The **real** title ##\n# later\n") == "The real title");
    CHECK(markdown_title("no heading\n").empty());
}
