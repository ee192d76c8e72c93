// SPDX-License-Identifier: MIT
// Retrieval evaluation: TREC runs and qrels, nDCG@10, Recall@100 and MRR@10
// as trec_eval computes them.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace rag::index {

/// query id -> document id -> relevance grade.
using Qrels = std::map<std::string, std::map<std::string, int>>;
/// query id -> (document id, score) in the order read.
using Run = std::map<std::string, std::vector<std::pair<std::string, double>>>;

/// Reads qrels in TREC layout ("qid 0 docid rel") or BEIR's TSV
/// ("query-id corpus-id score", an optional header). Throws std::runtime_error.
Qrels read_qrels(const std::string& path);
/// Reads a TREC run ("qid Q0 docid rank score tag"); "-" is standard input.
Run read_run(const std::string& path);

struct Metrics {
    double ndcg10 = 0, recall100 = 0, mrr10 = 0;
    size_t queries = 0;  ///< queries judged (with a relevant document)
};

/// Means over the queries of `qrels` that have a relevant document (a query
/// missing from the run scores 0, as `trec_eval -c`). The run is ranked as
/// trec_eval ranks it: by score descending, ties by document id descending.
/// nDCG uses gains equal to the grades and log2(rank + 1) discounts.
Metrics evaluate(const Run& run, const Qrels& qrels);

}  // namespace rag::index
