// SPDX-License-Identifier: MIT
// Which model answers a run.
#include "lib/core/model.h"

#include <cstdlib>
#include <vector>

namespace rag {
namespace {

std::string_view backend_of(std::string_view text) { return text.substr(0, text.find(':')); }

// The name a bare `backend` takes from the rule below it (`below`), else its built-in model.
std::string default_name(std::string_view backend, std::string_view below) {
    size_t colon = below.find(':');
    if (colon != std::string_view::npos && backend_of(below) == backend) return std::string(below.substr(colon + 1));
    return std::string(builtin_model(backend));
}

}  // namespace

ModelSpec resolve_model(std::string_view requested, std::string_view fallback) {
    const char* env = std::getenv("RAG_MODEL");
    std::vector<std::string_view> rules;
    for (std::string_view rule :
         {requested, fallback, std::string_view(env ? env : ""), std::string_view("extractive")})
        if (!rule.empty()) rules.push_back(rule);
    std::string_view text = rules[0], below = rules.size() > 1 ? rules[1] : "";
    ModelSpec m;
    if (!parse_model(text, default_name(backend_of(text), below), m, m.error)) m.spec = std::string(text);
    return m;
}

bool parse_model(std::string_view text, std::string_view default_name, ModelSpec& out, std::string& error) {
    size_t colon = text.find(':');
    std::string_view backend = text.substr(0, colon);
    std::string_view name = colon == std::string_view::npos ? default_name : text.substr(colon + 1);
    if (backend == "extractive") {
        out = {BackendKind::kExtractive, "", "extractive", ""};
        return true;
    }
    if (backend != "ollama" && backend != "openai") {
        error = "unknown model '" + std::string(text) + "' (use extractive, ollama:NAME or openai:NAME)";
        return false;
    }
    if (name.empty()) {
        error = "model '" + std::string(text) + "' has no name (use " + std::string(backend) + ":NAME)";
        return false;
    }
    out.kind = backend == "ollama" ? BackendKind::kOllama : BackendKind::kOpenAI;
    out.name = std::string(name);
    out.spec = std::string(backend) + ":" + out.name;
    return true;
}

std::string_view builtin_model(std::string_view backend) {
    return backend == "ollama" ? "llama3.2" : backend == "openai" ? "gpt-4o-mini" : "";
}

std::string_view backend_name(BackendKind kind) {
    switch (kind) {
    case BackendKind::kOllama: return "ollama";
    case BackendKind::kOpenAI: return "openai";
    default: return "extractive";
    }
}

}  // namespace rag
