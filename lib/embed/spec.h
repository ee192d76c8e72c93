// SPDX-License-Identifier: MIT
// Which embedding server and model: "ollama:MODEL" or "openai:MODEL", and where it listens.
#pragma once

#include <string>
#include <string_view>

namespace rag::embed {

enum class Api { kOllama, kOpenAI };

struct EmbedSpec {
    Api api = Api::kOllama;
    std::string model;    ///< as the server names it ("nomic-embed-text")
    std::string url;      ///< the server's base URL
    std::string api_key;  ///< OpenAI bearer token; empty: none sent

    /// "ollama:nomic-embed-text": what an index records and a query must match.
    std::string name() const;
    /// The POST endpoint: ".../api/embed" or ".../v1/embeddings".
    std::string endpoint() const;
};

/// Parses "ollama:MODEL" or "openai:MODEL". `url` empty: $OLLAMA_HOST or
/// http://127.0.0.1:11434 for Ollama, $OPENAI_BASE_URL or https://api.openai.com/v1
/// for OpenAI; the key comes from $OPENAI_API_KEY. Throws std::invalid_argument
/// naming the spec when it has no known API or no model.
EmbedSpec parse_embed_spec(std::string_view spec, std::string url = {});

}  // namespace rag::embed
