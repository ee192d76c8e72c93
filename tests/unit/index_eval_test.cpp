// SPDX-License-Identifier: MIT
// Evaluation metrics as trec_eval defines them.
#include <catch2/catch.hpp>

#include <cmath>

#include "lib/index/eval.h"

using namespace rag::index;

TEST_CASE("ndcg, recall and mrr follow trec_eval", "[eval]") {
    Qrels qrels{{"q1", {{"a", 1}, {"b", 2}}}, {"q2", {{"z", 1}}}, {"q3", {{"n", 0}}}};
    Run run{{"q1", {{"x", 3.0}, {"b", 2.0}, {"a", 1.0}}}};  // q2 missing: scores 0
    Metrics m = evaluate(run, qrels);
    CHECK(m.queries == 2);  // q3 has no relevant document
    double dcg = 2 / std::log2(3.0) + 1 / std::log2(4.0), idcg = 2 + 1 / std::log2(3.0);
    CHECK(m.ndcg10 == Approx(dcg / idcg / 2));
    CHECK(m.recall100 == Approx(0.5));
    CHECK(m.mrr10 == Approx(0.25));
}

TEST_CASE("runs are re-ranked by score, ties by document id descending", "[eval]") {
    Qrels qrels{{"q", {{"a", 1}}}};
    Run run{{"q", {{"a", 1.0}, {"b", 1.0}}}};
    CHECK(evaluate(run, qrels).mrr10 == Approx(0.5));
}
