// SPDX-License-Identifier: MIT
// The extractive answer: golden answers on a small corpus, no-answer, bounds, determinism.
#include <catch2/catch.hpp>

#include "lib/backends/answer_cues.h"
#include "lib/backends/extractive.h"

namespace {

std::vector<rag::Passage> corpus() {
    return {
        {"bm25.md#1", "BM25",
         "# BM25\n\nBM25 is a ranking function used by search engines to estimate the relevance of "
         "documents to a query. It scores each document by the query terms it contains, weighted by "
         "their inverse document frequency. Term frequency saturates, so a word repeated many times "
         "adds little. The weather was pleasant that year."},
        {"lmdb.md#2", "LMDB",
         "LMDB is an embedded key-value store. It maps the whole database into memory, so readers "
         "never copy data. Many processes may read an LMDB environment at once while one writes."},
        {"bm25.md#3", "BM25 length",
         "BM25 normalises term frequency by document length relative to the average length. "
         "Longer documents need more matches to score as high as shorter ones."},
    };
}

std::string answer(std::string_view query, const std::vector<rag::Passage>& passages = corpus()) {
    rag::Analyzer analyzer;
    return rag::extractive_answer(query, passages, analyzer);
}

}  // namespace

TEST_CASE("The answer to a question on BM25 cites the BM25 passages", "[extractive]") {
    CHECK(answer("What is BM25?") ==
          "BM25 is a ranking function used by search engines to estimate the relevance of documents "
          "to a query [1]. BM25 normalises term frequency by document length relative to the average "
          "length [3].");
}

TEST_CASE("The answer to a question on LMDB readers cites the LMDB passage", "[extractive]") {
    CHECK(answer("How do LMDB readers access the data in memory?") ==
          "LMDB is an embedded key-value store [2]. It maps the whole database into memory, so "
          "readers never copy data [2].");
}

TEST_CASE("A question the passages cannot answer gets the plain no-answer sentence", "[extractive]") {
    CHECK(answer("Who painted the Mona Lisa?") == rag::kNoAnswer);
    CHECK(answer("what is it?") == rag::kNoAnswer);  // stop words only
    CHECK(answer("What is BM25?", {}) == rag::kNoAnswer);
    // One shared word ("ranking") is not enough when the question's other terms are absent.
    CHECK(answer("What is the ranking of tungsten alloys by melting point?") == rag::kNoAnswer);
    CHECK(answer("What is the ranking function BM25?") != rag::kNoAnswer);
}

TEST_CASE("The answer is bounded in sentences and words", "[extractive]") {
    std::string text;
    for (int i = 0; i < 40; ++i)
        text += "Caching answers saves work on repeated questions number " + std::to_string(i) + ". ";
    rag::Analyzer analyzer;
    rag::ExtractiveOptions options;
    std::string a = rag::extractive_answer("caching answers", {{"c.md", "", text}}, analyzer, options);
    CHECK(std::count(a.begin(), a.end(), '[') <= static_cast<long>(options.max_sentences));
    CHECK(std::count(a.begin(), a.end(), ' ') < static_cast<long>(options.max_words));

    std::string long_sentence;
    for (int i = 0; i < 300; ++i) long_sentence += "caching word" + std::to_string(i) + " ";
    a = rag::extractive_answer("caching", {{"l.md", "", long_sentence}}, analyzer, options);
    CHECK(std::count(a.begin(), a.end(), ' ') <= static_cast<long>(options.max_words) + 2);
    CHECK(a.ends_with("… [1]"));
}

TEST_CASE("Near-duplicate sentences are not repeated", "[extractive]") {
    std::vector<rag::Passage> passages = {
        {"a", "", "Snowball stemming reduces words to their stems."},
        {"b", "", "Snowball stemming reduces words to their stems!"},
        {"c", "", "Stemming lets a query for runs match running."},
    };
    std::string a = answer("stemming", passages);
    CHECK(a ==
          "Snowball stemming reduces words to their stems [1]. "
          "Stemming lets a query for runs match running [3].");
}

TEST_CASE("The same input always gives the same answer", "[extractive]") {
    CHECK(answer("BM25 term frequency length") == answer("BM25 term frequency length"));
}

TEST_CASE("Non-English passages are answered from their own words", "[extractive]") {
    std::vector<rag::Passage> passages = {
        {"fr.md", "",
         "Le café est une boisson préparée à partir des graines torréfiées du caféier. "
         "La tour Eiffel mesure trois cents mètres."},
    };
    CHECK(answer("café boisson", passages) ==
          "Le café est une boisson préparée à partir des graines torréfiées du caféier [1].");
}

TEST_CASE("Odd passages give an answer or the no-answer sentence, never a failure", "[extractive]") {
    std::vector<rag::Passage> passages = {
        {"a", "", ""}, {"b", "", "...!?"}, {"c", "", "\xff\xfe LMDB \xc3"}, {"d", "", "LMDB LMDB LMDB LMDB LMDB"}};
    std::string a = answer("LMDB", passages);
    CHECK(a == "LMDB LMDB LMDB LMDB LMDB [4]");
}

TEST_CASE("Markdown headings are never picked as answer sentences", "[extractive]") {
    std::vector<rag::Passage> passages{
        {"a.md", "A", "# Serving chat over HTTP with rag-sse\n\nrag-sse serves chat over HTTP as events."}};
    CHECK(answer("serving chat over HTTP", passages) == "rag-sse serves chat over HTTP as events [1].");
}

TEST_CASE("Question words do not match sentences", "[extractive]") {
    std::vector<rag::Passage> passages = {{"a", "", "This is how we do things around here, they said."}};
    CHECK(answer("How do you do?", passages) == rag::kNoAnswer);
}

namespace {

// Two option entries and an example, as a rendered man page lays them out.
std::vector<rag::Passage> gzip_page() {
    return {{"gzip.1.txt#2", "gzip.1.txt",
             "       -d --decompress --uncompress\n"
             "              Decompress the named files and restore their original form.\n"
             "       -k --keep\n"
             "              Keep (don't delete) input files during compression.\n\n"
             "       For example, to recompress a file:\n\n"
             "              gzip -cd old.gz | gzip > new.gz\n"}};
}

}  // namespace

TEST_CASE("A question worded with a synonym finds the page's word", "[extractive][synonyms]") {
    // "unpack" / "extract" are one action; the passage says only "extract".
    std::vector<rag::Passage> tar = {
        {"tar.1.txt#1", "tar.1.txt",
         "       -x, --extract, --get\n              Extract files from an archive.\n"
         "       -A, --catenate\n              Append archive to the end of another archive.\n"}};
    std::string a = answer("how do I unpack an archive", tar);
    CHECK(a.starts_with("-x, --extract, --get Extract files from an archive [1]."));
}

TEST_CASE("A command example ranks below the option entry it illustrates", "[extractive]") {
    std::string a = answer("how do I decompress old.gz with gzip", gzip_page());
    REQUIRE(a.find("-d --decompress") != std::string::npos);
    CHECK(a.find("-d --decompress") < a.find("|"));  // the entry first, when the example is quoted at all
    CHECK(rag::is_example("gzip -cd old.gz | gzip > new.gz"));
    CHECK(rag::is_example("$ find /tmp -name core"));
    CHECK_FALSE(rag::is_example("Write output on standard output | or a file."));
    CHECK_FALSE(rag::is_example("-L, --location"));
}

TEST_CASE("A quoted later sentence of an option's description names the option", "[extractive]") {
    std::vector<rag::Passage> ssh = {
        {"ssh.1.txt#9", "ssh.1.txt",
         "     -v      Verbose mode. Causes ssh to print messages about its progress. This is helpful in "
         "debugging connection problems.\n"}};
    rag::ExtractiveOptions one;
    one.max_sentences = 1;
    rag::Analyzer analyzer;
    CHECK(rag::extractive_answer("debugging connection problems", ssh, analyzer, one) ==
          "-v: This is helpful in debugging connection problems [1].");
}

TEST_CASE("The passages of the document a question names weigh more", "[extractive]") {
    CHECK(rag::document_name("less.1.txt") == "less");
    CHECK(rag::document_name("apt-get(8)") == "apt-get");
    CHECK(rag::names_document("show line numbers in less", "less"));
    CHECK_FALSE(rag::names_document("show lines numbered lessons", "less"));
    std::vector<rag::Passage> two = {
        {"xargs.1.txt#5", "xargs.1.txt", "--show-limits Display the limits on the command-line length of lines."},
        {"less.1.txt#4", "less.1.txt", "-N or --LINE-NUMBERS Causes a line number to be displayed."}};
    rag::ExtractiveOptions one;
    one.max_sentences = 1;
    rag::Analyzer analyzer;
    CHECK(rag::extractive_answer("show line numbers in less", two, analyzer, one).starts_with("-N or --LINE-NUMBERS"));
}

TEST_CASE("A follow-up's answer does not quote again what an earlier answer quoted", "[extractive]") {
    rag::Analyzer analyzer;
    std::vector<rag::Passage> passages = {
        {"a", "", "To extract an archive with tar, use the -x option and name the archive with -f."},
        {"b", "", "To extract an archive into another directory with tar, add -C and the directory."}};
    std::string first = "To extract an archive with tar, use the -x option and name the archive with -f [1].";
    rag::ExtractiveOptions options;
    options.said = first;  // what an earlier answer quoted
    std::string again = rag::extractive_answer("How do I extract an archive with tar?", passages, analyzer, options);
    CHECK(again.find("-x option") == std::string::npos);
    CHECK(again.find("-C") != std::string::npos);
}

TEST_CASE("A question asked again is answered again, not refused, when nothing new answers it", "[extractive]") {
    rag::Analyzer analyzer;
    std::vector<rag::Passage> passages = {{"a", "", "The boiling point of tungsten is 5555 degrees Celsius."}};
    std::string first = rag::extractive_answer("What is the boiling point of tungsten?", passages, analyzer);
    REQUIRE(first.find("5555") != std::string::npos);
    rag::ExtractiveOptions options;
    options.said = first;
    CHECK(rag::extractive_answer("What is the boiling point of tungsten?", passages, analyzer, options) == first);
}
