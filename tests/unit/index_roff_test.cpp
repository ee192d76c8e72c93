// SPDX-License-Identifier: MIT
// Man pages as text: escapes and macros rendered away, NAME as the title.
#include <catch2/catch.hpp>

#include "lib/index/roff.h"

using namespace rag::index;

namespace {
std::string render(std::string_view src, std::string* title = nullptr) {
    std::string t;
    std::string text = man_to_text(src, t);
    if (title) *title = t;
    return text;
}
}  // namespace

TEST_CASE("roff escapes become the characters they stand for", "[roff]") {
    RoffStrings none;
    CHECK(roff_unescape(R"(\fBbold\fR and \fIitalic\fP \f(CWcode\f[])", none) == "bold and italic code");
    CHECK(roff_unescape(R"(\-\-keep it\(aqs \e \(lqquoted\(rq \[em] \s-1SMALL\s0)", none) ==
          "--keep it's \\ \u201cquoted\u201d \u2014 SMALL");
    CHECK(roff_unescape(R"(a\&.b\|c\ d\~e \[u00E9])", none) == "a.bc d e \u00e9");
    CHECK(roff_unescape(R"(kept \" a comment)", none) == "kept ");
    CHECK(roff_unescape(R"(\*(Aq\*R)", RoffStrings{{"Aq", "'"}}) == "'\u00ae");
}

TEST_CASE("a man(7) page's NAME line is its title and its macros are gone", "[roff]") {
    std::string title;
    std::string text = render(
        ".\\\" comment\n.TH CURL 1\n.SH NAME\ncurl \\- transfer a URL\n.SH SYNOPSIS\n"
        ".B curl\n[options]\n.SH OPTIONS\n.TP\n.BR \\-L \", \" \\-\\-location\n"
        "Follow redirects.\n",
        &title);
    CHECK(title == "curl - transfer a URL");
    CHECK(text.find("\\f") == std::string::npos);
    CHECK(text.find(".TP") == std::string::npos);
    CHECK(text.find("-L, --location\nFollow redirects.") != std::string::npos);  // tag and description: one paragraph
    CHECK(text.find("TH") == std::string::npos);
}

TEST_CASE("macro definitions and conditional blocks are dropped, strings kept", "[roff]") {
    std::string text = render(
        ".de Sp\n.if t .sp .5v\n..\n.ie n \\{\\\n.  ds Q \"quoted\n'br\\}\n.el\\{\\\n.ds Q x\n'br\\}\n"
        ".ds W widget\n.SH NAME\nfrob \\- make \\*W\n");
    CHECK(text == "NAME\n\nfrob - make widget");
}

TEST_CASE("an mdoc page renders flags, arguments and cross references", "[roff]") {
    std::string title;
    std::string text = render(
        ".Dd x\n.Dt RAG 1\n.Sh NAME\n.Nm rag\n.Nd ask questions\n.Sh SYNOPSIS\n.Nm\n"
        ".Op Fl k Ar n\n.Sh SEE ALSO\n.Xr curl 1\n",
        &title);
    CHECK(title == "rag - ask questions");
    CHECK(text.find("rag [-k n]") != std::string::npos);
    CHECK(text.find("curl(1)") != std::string::npos);
}

TEST_CASE("tbl tables become rows of cells", "[roff]") {
    std::string text = render(".TS\ntab(;);\nl l.\nLevel;Speed\n_\nfast;1 s\n.TE\n");
    CHECK(text == "Level  Speed\nfast  1 s");
}

TEST_CASE("an escape's one-character argument is a whole UTF-8 character (found by document_fuzz)", "[roff]") {
    RoffStrings strings{{"\xc3\xa9", "e-acute"}, {"\xc3\xa9x", "two"}};
    CHECK(roff_unescape("a \\*\xc3\xa9 b", strings) == "a e-acute b");
    CHECK(roff_unescape("\\*(\xc3\xa9x.", strings) == "two.");
    CHECK(roff_unescape("\\o\xc3\xa9\xc3\xb1\xc3\xa9 z", strings) == "\xc3\xb1 z");
    CHECK(roff_unescape("\\*\xd8\x83x", {}) == "x");  // an unknown name: dropped whole
}
