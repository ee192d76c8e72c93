// SPDX-License-Identifier: MIT
// Embedding specs: "api:model" and the server's endpoint.
#include "lib/embed/spec.h"

#include <cstdlib>
#include <stdexcept>

#include <fmt/format.h>

namespace rag::embed {

namespace {

std::string env_or(const char* name, std::string_view fallback) {
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : std::string(fallback);
}

std::string without_trailing_slash(std::string url) {
    while (!url.empty() && url.back() == '/') url.pop_back();
    return url;
}

bool ends_with(std::string_view s, std::string_view tail) {
    return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

}  // namespace

std::string EmbedSpec::name() const { return fmt::format("{}:{}", api == Api::kOllama ? "ollama" : "openai", model); }

std::string EmbedSpec::endpoint() const {
    std::string base = without_trailing_slash(url);
    if (api == Api::kOllama) return ends_with(base, "/api/embed") ? base : base + "/api/embed";
    if (ends_with(base, "/embeddings")) return base;
    return ends_with(base, "/v1") ? base + "/embeddings" : base + "/v1/embeddings";
}

EmbedSpec parse_embed_spec(std::string_view spec, std::string url) {
    size_t colon = spec.find(':');
    std::string_view api = spec.substr(0, colon);
    EmbedSpec s;
    if (colon == std::string_view::npos || colon + 1 == spec.size() || (api != "ollama" && api != "openai"))
        throw std::invalid_argument(
            fmt::format("embedding model '{}' is not ollama:MODEL or openai:MODEL", spec));
    s.api = api == "ollama" ? Api::kOllama : Api::kOpenAI;
    s.model = spec.substr(colon + 1);
    if (url.empty())
        url = s.api == Api::kOllama ? env_or("OLLAMA_HOST", "http://127.0.0.1:11434")
                                    : env_or("OPENAI_BASE_URL", "https://api.openai.com/v1");
    if (url.find("://") == std::string::npos) url = "http://" + url;  // OLLAMA_HOST may be host:port
    s.url = std::move(url);
    if (s.api == Api::kOpenAI) s.api_key = env_or("OPENAI_API_KEY", "");
    return s;
}

}  // namespace rag::embed
