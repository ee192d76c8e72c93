// SPDX-License-Identifier: MIT
// Embedding a query at retrieval time: the conversation's text, one request,
// few retries, and a pause after a failure so a dead server costs one timeout.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "lib/core/request.h"
#include "lib/embed/embedder.h"

namespace rag::embed {

/// What a turn's query vector is computed from: the question, then the user's
/// earlier turns in the history window, most recent first (the BM25 search
/// weighs the same turns; answers are left out, their words say what was
/// already said). Without history, the question alone.
std::string query_embedding_text(const Request& request, int turns = kHistoryTurnsInKey);

class QueryEmbedder {
public:
    /// `pause_ms`: after a failure, queries for this long fail at once.
    explicit QueryEmbedder(EmbedSpec spec, double pause_ms = 10000);

    /// The unit-length vector of `text`. Throws EmbedError (the server's
    /// failure, or "unavailable" while paused after one).
    std::vector<float> embed(const std::string& text);
    /// Vectors of many texts (a TREC run), batched; unit length.
    std::vector<std::vector<float>> embed_all(const std::vector<std::string>& texts);

    const EmbedSpec& spec() const { return embedder_.spec(); }

private:
    Embedder embedder_;
    double pause_ms_;
    double paused_until_ = 0;
    std::string last_failure_;
};

}  // namespace rag::embed
