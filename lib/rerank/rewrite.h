// SPDX-License-Identifier: MIT
// A run's meta, sources and context rewritten in the reranked order. Every field a
// passage or source had is kept (the retrieval scores and ranks too); each gains
// "rerank_score" when the list was scored.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

namespace rag::rerank {

/// The new order of a run's passages (indices into the context's "passages") and their
/// scores by original index (empty: not scored, the retrieval order kept).
struct Ranking {
    std::vector<size_t> order;
    std::vector<double> scores;
};

/// What meta's "rerank" field says about a run.
struct Note {
    std::string model;  ///< as sent (may be empty)
    size_t reranked = 0;
    size_t requests = 0;
    double ms = 0;
    std::string error;  ///< why the retrieval order was kept ("" when reranked)
};

/// The data of the context event: its other fields as they were, "passages" in the new
/// order. A passage that is not an object is copied as it is.
std::string context_data(simdjson::dom::object context, const Ranking& ranking);

/// A snippet of a passage's text, for a passage that had no source before.
using SnippetFn = std::function<std::string(std::string_view text)>;

/// The data of the sources event: as many sources as it had (at most the kept passages),
/// the new order's first passages. A passage that was a source keeps that source (its
/// snippet); any other is its context passage with a snippet from `snippet`.
std::string sources_data(simdjson::dom::object sources, simdjson::dom::object context, const Ranking& ranking,
                         const SnippetFn& snippet);

/// The data of the meta event (`meta`: the retriever's, or an empty object) with
/// "ctx_chars" counted over the kept passages and a "rerank" note.
std::string meta_data(simdjson::dom::object meta, simdjson::dom::object context, const Ranking& ranking,
                      const Note& note);

}  // namespace rag::rerank
