// SPDX-License-Identifier: MIT
// The models a request may name: the server's default, the extractive answerer, and --models.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rag::http {

/// The allow-list of every endpoint: a request's `model` may not pick a
/// backend the operator did not name. Specs go through rag::resolve_model,
/// so "ollama" and "ollama:llama3.2" are the same model.
class ModelCatalog {
public:
    /// `offered`: the specs of --models ("ollama:llama3", ...).
    explicit ModelCatalog(const std::vector<std::string>& offered);

    /// True for an empty request model (the default), the default's own spec,
    /// extractive, and the offered ones.
    bool allows(std::string_view spec) const;
    /// The pipeline model of an OpenAI model name: "rag" is the default (""),
    /// "rag:SPEC" or a bare SPEC one of the allowed; nullopt when not allowed.
    std::optional<std::string> pipeline_model(std::string_view name) const;
    /// The body of GET /v1/models: "rag", then "rag:SPEC" per allowed model.
    std::string list_json() const;
    /// The body of GET /v1/models/NAME, or nullopt when not allowed.
    std::optional<std::string> model_json(std::string_view name) const;

private:
    std::vector<std::string> specs_;  // canonical, the default first, no repeats
};

}  // namespace rag::http
