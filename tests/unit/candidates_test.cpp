// SPDX-License-Identifier: MIT
// Answer candidates: man-page option entries are one unit; headers, footers, headings and rules are none.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "lib/text/candidates.h"

namespace {

struct Seen {
    std::string text;
    bool option;
};

std::vector<Seen> candidates(std::string_view text) {
    std::vector<Seen> out;
    for (const rag::Candidate& c : rag::answer_candidates(text))
        out.push_back({std::string(text.substr(c.span.begin, c.span.end - c.span.begin)), c.option});
    return out;
}

bool any_holds(const std::vector<Seen>& seen, std::string_view part) {
    for (const Seen& s : seen)
        if (s.text.find(part) != std::string::npos) return true;
    return false;
}

// As `man -l curl.1 | col -b` renders it: header, sections, an option list, footer.
constexpr std::string_view kRenderedPage =
    "CURL(1)                          curl Manual                         CURL(1)\n"
    "\n"
    "NAME\n"
    "       curl - transfer a URL\n"
    "\n"
    "SYNOPSIS\n"
    "       curl [options / URLs]\n"
    "\n"
    "OPTIONS\n"
    "       -L, --location\n"
    "              (HTTP)  If the server reports that the requested page has moved,\n"
    "              this option makes curl redo the request on the new place. It\n"
    "              follows at most 50 redirects.\n"
    "       --max-redirs <num>\n"
    "              Set the maximum number of redirections to follow.\n"
    "\n"
    "curl 7.88.1                      February 19 2023                    CURL(1)\n";

}  // namespace

TEST_CASE("An option line and the first sentence of its description are one candidate", "[candidates]") {
    std::vector<Seen> seen = candidates(kRenderedPage);
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].option);
    CHECK(seen[0].text.starts_with("-L, --location\n"));
    CHECK(seen[0].text.ends_with("on the new place."));
    CHECK_FALSE(seen[1].option);
    CHECK(seen[1].text == "It\n              follows at most 50 redirects.");
    CHECK(seen[2].option);  // a less indented option line starts its own entry
    CHECK(seen[2].text.starts_with("--max-redirs <num>"));
}

TEST_CASE("Man page headers, footers, section headings, NAME and SYNOPSIS are never candidates", "[candidates]") {
    std::vector<Seen> seen = candidates(kRenderedPage);
    CHECK_FALSE(any_holds(seen, "CURL(1)"));
    CHECK_FALSE(any_holds(seen, "OPTIONS"));
    CHECK_FALSE(any_holds(seen, "transfer a URL"));
    CHECK_FALSE(any_holds(seen, "[options / URLs]"));
    CHECK(candidates("JOURNALCTL(1)       journalctl       JOURNALCTL(1)\n").empty());
    CHECK(candidates("systemd 252                                        JOURNALCTL(1)\n").empty());
}

TEST_CASE("Prose that mentions a page is still a candidate", "[candidates]") {
    std::vector<Seen> seen = candidates("       The format is described in ssh_config(5).\n");
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].text == "The format is described in ssh_config(5).");
}

TEST_CASE("Table rules are not candidates; table rows and Markdown headings are handled", "[candidates]") {
    std::vector<Seen> seen = candidates(
        "# Tools\n\n| tool | reads |\n| --- | --- |\n| rag-index | files and directories |\n\n"
        "+------+------+\n=====\n\nThe index is an LMDB environment.\n");
    CHECK_FALSE(any_holds(seen, "---"));
    CHECK_FALSE(any_holds(seen, "==="));
    CHECK_FALSE(any_holds(seen, "# Tools"));
    CHECK(any_holds(seen, "| rag-index | files and directories |"));
    CHECK(seen.back().text == "The index is an LMDB environment.");
}

TEST_CASE("Indentation is code in Markdown but layout in a rendered man page", "[candidates]") {
    CHECK(candidates("Run this:\n\n    make -j2 all\n\nThen test.\n").size() == 2);  // the code is left out
    CHECK(candidates("       Keep (don't delete) input files.\n\n       Be quiet.\n").size() == 2);
}

TEST_CASE("A dashed list item in prose is not an option entry", "[candidates]") {
    std::vector<Seen> seen = candidates("- first item of a list\n- second item\n");
    REQUIRE(seen.size() == 2);
    CHECK_FALSE(seen[0].option);
}

TEST_CASE("A line in capitals is a heading only when it is short", "[candidates]") {
    CHECK(candidates("SEE ALSO\n       gzip(1), tar(1)\n").size() == 1);
    CHECK(candidates("LMDB LMDB LMDB LMDB LMDB\n").size() == 1);
}

TEST_CASE("An option line alone before a blank line and its indented description are one entry", "[candidates]") {
    // As sed(1) renders: the option line, a blank line, the description indented with a tab.
    std::string_view text =
        "       -n, --quiet, --silent\n\n\t      suppress automatic printing of pattern space\n\n"
        "       --debug\n\n\t      annotate program execution\n";
    std::vector<Seen> seen = candidates(text);
    REQUIRE(seen.size() >= 2);
    CHECK(seen[0].option);
    CHECK(seen[0].text.starts_with("-n, --quiet, --silent"));
    CHECK_FALSE(any_holds({seen[0]}, "--debug"));
    // A paragraph at the option's own indentation is not its description.
    CHECK(candidates("       -n, --quiet\n\n       Sed is a stream editor.\n").back().text ==
          "Sed is a stream editor.");
}

TEST_CASE("A later sentence of an option entry carries the entry's option line", "[candidates]") {
    std::vector<rag::Candidate> all = rag::answer_candidates(kRenderedPage);
    REQUIRE(all.size() == 3);
    CHECK(all[0].entry.begin == all[0].entry.end);  // the entry itself
    CHECK(kRenderedPage.substr(all[1].entry.begin, all[1].entry.end - all[1].entry.begin) == "-L, --location");
}

TEST_CASE("An option after a list bullet is an option entry, its head without the bullet", "[candidates]") {
    // As jq(1) renders its options.
    std::string_view text =
        "       \u25CB   --raw-output / -r:\n\n\t   With this option, a string result is written without quotes. "
        "It is useful.\n";
    std::vector<rag::Candidate> all = rag::answer_candidates(text);
    REQUIRE(all.size() >= 2);  // the option line, then its description's sentences
    CHECK(all[0].option);
    CHECK(text.substr(all[1].entry.begin, all[1].entry.end - all[1].entry.begin) == "--raw-output / -r:");
}
