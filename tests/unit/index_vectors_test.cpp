// SPDX-License-Identifier: MIT
// Vectors in the index: stored by content hash, kept in step with add and rm.
#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>

#include "lib/index/reader.h"
#include "lib/index/writer.h"

namespace fs = std::filesystem;
using namespace rag::index;

namespace {
struct TempDir {
    TempDir() {
        char tmpl[] = "/tmp/rag-vectors-XXXXXX";
        path = mkdtemp(tmpl);
    }
    ~TempDir() { fs::remove_all(path); }
    std::string path;
};

// A stand-in for the server: a vector from the text's length and first letter.
std::vector<std::vector<float>> fake_vectors(const std::vector<PassageText>& need) {
    std::vector<std::vector<float>> out;
    for (const auto& p : need) out.push_back({float(p.text.size()), float(p.text[0]), 1.0f});
    return out;
}

size_t embed_and_commit(const std::string& dir, std::vector<Document> docs, bool set_model = false) {
    IndexWriter w(dir, {});
    for (auto& d : docs) w.add(std::move(d));
    if (set_model) w.set_vector_model("ollama:fake", false);
    auto need = w.passages_to_embed();
    w.add_vectors(need, fake_vectors(need));
    w.commit();
    return need.size();
}

VectorStats stats(const std::string& dir) {
    auto env = open_existing_index(dir);
    auto txn = env.read();
    return read_vector_stats(txn, checked_meta(txn, dir));
}
}  // namespace

TEST_CASE("unchanged text is never embedded twice; rm drops vectors no passage uses", "[vectors]") {
    TempDir dir;
    REQUIRE(embed_and_commit(dir.path, {{"a", "", "apples grow on trees"}, {"b", "", "bananas are yellow"}}, true) == 2);
    VectorStats s = stats(dir.path);
    CHECK(s.settings.model == "ollama:fake");
    CHECK(s.settings.dim == 3);
    CHECK(s.passages == 2);
    CHECK(s.vectors == 2);
    // Re-adding a, and adding c with b's text: nothing to embed.
    CHECK(embed_and_commit(dir.path, {{"a", "", "apples grow on trees"}, {"c", "", "bananas are yellow"}}) == 0);
    s = stats(dir.path);
    CHECK(s.passages == 3);
    CHECK(s.vectors == 2);
    {
        IndexWriter w(dir.path, {});
        w.remove("b");
        w.commit();
    }
    CHECK(stats(dir.path).vectors == 2);  // c still has the bananas
    {
        IndexWriter w(dir.path, {});
        w.remove("c");
        w.commit();
    }
    s = stats(dir.path);
    CHECK(s.passages == 1);
    CHECK(s.vectors == 1);
}

TEST_CASE("passages committed without vectors are embedded by the next add", "[vectors]") {
    TempDir dir;
    {
        IndexWriter w(dir.path, {});
        w.add({"a", "", "apples grow on trees"});
        w.set_vector_model("ollama:fake", false);
        w.commit();  // the server was down: no add_vectors
    }
    CHECK(stats(dir.path).passages == 0);
    CHECK(embed_and_commit(dir.path, {{"b", "", "bananas are yellow"}}) == 2);
    CHECK(stats(dir.path).passages == 2);
}

TEST_CASE("dense search finds the nearest passage, and hits name their chunks", "[vectors]") {
    TempDir dir;
    embed_and_commit(dir.path, {{"a", "", "apples"}, {"b", "", "bananas are long and yellow"}}, true);
    auto reader = IndexReader::open(dir.path);
    std::vector<float> q{27, 'b', 1};
    rag::vector::normalize(q);
    auto top = reader.dense_search(q, 2);
    REQUIRE(top.size() == 2);
    auto hits = reader.fetch({top[0].id});
    REQUIRE(hits.size() == 1);
    CHECK(hits[0].chunk.doc == "b");
    CHECK(top[0].score == Approx(1.0));
    CHECK(reader.dense_search({1, 0}, 2).empty());  // another dimension finds nothing
}

TEST_CASE("add_vectors refuses a dimension that is not the index's", "[vectors]") {
    TempDir dir;
    embed_and_commit(dir.path, {{"a", "", "apples"}}, true);
    IndexWriter w(dir.path, {});
    w.add({"b", "", "bananas"});
    auto need = w.passages_to_embed();
    CHECK_THROWS_WITH(w.add_vectors(need, {{1, 2}}), Catch::Contains("2 dimensions, the index's 3"));
}
