// SPDX-License-Identifier: MIT
// The two wire shapes of a rerank endpoint: Jina/Cohere's /v1/rerank and TEI's /rerank.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rag::rerank {

/// `kJina`: POST /v1/rerank {model, query, documents, top_n} -> {results: [{index, relevance_score}]}
/// (Jina, Cohere, llama.cpp --reranking, aichat). `kTei`: POST /rerank {query, texts} ->
/// [{index, score}] (Hugging Face text-embeddings-inference).
enum class ApiShape { kJina, kTei };

/// "jina" or "tei" to a shape; false for anything else.
bool parse_api_shape(std::string_view name, ApiShape& shape);

/// The endpoint for a server base URL: base + "/v1/rerank" (jina) or "/rerank" (tei). A URL
/// already ending in "/rerank" is kept; a jina base ending in "/v1" gets "/rerank" only.
std::string rerank_endpoint(ApiShape shape, std::string_view base);

/// The request body scoring `documents` against `query`. jina asks for every document back
/// (top_n = their count: a batch's scores are merged with the others'), without their text;
/// `model` is left out when empty. tei asks the server to truncate over-long texts.
std::string rerank_body(ApiShape shape, std::string_view model, std::string_view query,
                        const std::vector<std::string_view>& documents);

/// Reads the scores of a response to a request of `count` documents into `scores`
/// (resized to `count`, by document index). Returns "" on success, else what is wrong:
/// not JSON, an index out of range, a score missing or not a number.
std::string parse_scores(ApiShape shape, std::string_view body, size_t count, std::vector<double>& scores);

}  // namespace rag::rerank
