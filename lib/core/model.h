// SPDX-License-Identifier: MIT
// Which model answers a run: one rule for every tool (the generator and the cache key).
#pragma once

#include <string>
#include <string_view>

namespace rag {

enum class BackendKind { kExtractive, kOllama, kOpenAI };

/// A resolved model: "extractive", "ollama:NAME" or "openai:NAME".
struct ModelSpec {
    BackendKind kind = BackendKind::kExtractive;
    std::string name;   ///< the server's model name; empty for extractive
    std::string spec;   ///< canonical, as written back in `done.model` and hashed into cache keys
    std::string error;  ///< why the text names no model; then spec is the text as written
};

/// The model that answers a run: `requested` (a request's `model`:
/// "backend:name" or a bare backend), else `fallback`, else $RAG_MODEL, else
/// "extractive". A bare backend takes the name of the next rule's model when
/// that is of the same backend, else the backend's built-in model
/// ("llama3.2" for ollama, "gpt-4o-mini" for openai). An unknown backend sets
/// `error`. The cache key and the generator both call this, so they agree.
ModelSpec resolve_model(std::string_view requested, std::string_view fallback = {});

/// Parses "extractive", "ollama:NAME", "openai:NAME" (a bare "ollama" or
/// "openai" takes `default_name`). Returns false, with a message in `error`,
/// for an unknown backend or a missing name.
bool parse_model(std::string_view text, std::string_view default_name, ModelSpec& out, std::string& error);

/// The model a backend uses when nothing names one.
std::string_view builtin_model(std::string_view backend);

/// "extractive", "ollama" or "openai".
std::string_view backend_name(BackendKind kind);

}  // namespace rag
