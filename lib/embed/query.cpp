// SPDX-License-Identifier: MIT
// Query embedding with a pause after failure.
#include "lib/embed/query.h"

#include <fmt/format.h>

#include "lib/core/error.h"
#include "lib/vector/dense.h"

namespace rag::embed {

std::string query_embedding_text(const Request& request, int turns) {
    std::string out = request.query;
    const auto& history = request.history;
    size_t first = history.size() > static_cast<size_t>(std::max(turns, 0)) ? history.size() - turns : 0;
    for (size_t i = history.size(); i-- > first;)
        if (history[i].role == "user") out.append("\n").append(history[i].content);
    return out;
}

QueryEmbedder::QueryEmbedder(EmbedSpec spec, double pause_ms)
    : embedder_(std::move(spec), {.batch = 64, .in_flight = 2, .attempts = 2, .backoff_ms = 100,
                                  .connect_timeout_ms = 2000, .idle_timeout_ms = 30000}),
      pause_ms_(pause_ms) {}

std::vector<float> QueryEmbedder::embed(const std::string& text) { return std::move(embed_all({text}).at(0)); }

std::vector<std::vector<float>> QueryEmbedder::embed_all(const std::vector<std::string>& texts) {
    if (monotonic_ms() < paused_until_)
        throw EmbedError(fmt::format("{} (not retried for {:g} s)", last_failure_, pause_ms_ / 1000));
    std::vector<std::string_view> views(texts.begin(), texts.end());
    try {
        auto out = embedder_.embed(views);
        for (auto& v : out) vector::normalize(v);
        return out;
    } catch (const EmbedError& e) {
        last_failure_ = e.what();
        paused_until_ = monotonic_ms() + pause_ms_;
        throw;
    }
}

}  // namespace rag::embed
