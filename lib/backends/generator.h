// SPDX-License-Identifier: MIT
// rag-generate's engine: runs gathered from `request` and `context` events,
// answered by the extractive backend or streamed from Ollama / OpenAI servers
// (many at once over libcurl's multi interface), as `token` events and `done`.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "lib/backends/chat.h"
#include "lib/core/event.h"
#include "lib/core/filter.h"

namespace rag {

struct GeneratorOptions {
    int history_turns = 5;  ///< earlier turns put in the prompt
    double temperature = 0.2;
    int max_tokens = 1024;
    int parallel = 4;             ///< backend requests streaming at once
    double idle_timeout = 60;     ///< seconds a backend may stay silent
    double connect_timeout = 10;  ///< seconds
    double pace_ms = 0;           ///< extractive: wait this long between words (demos)
};

/// What the tool settles at start: the default model, server URLs, the API
/// key (never written anywhere) and the system prompt.
struct GeneratorSetup {
    ModelSpec default_model;
    std::string ollama_url, openai_url;
    std::string api_key;
    std::string system;
};

/// Answers runs. Run it as a filter's poller, with its table:
///
///   rag::EventTable table = gen.events();
///   rag::run_filter(table, out, {.poller = &gen});
class Generator final : public Poller {
public:
    /// `out` receives the token, done and error events and must outlive the Generator.
    Generator(GeneratorOptions options, GeneratorSetup setup, Writer& out);
    ~Generator() override;

    /// The handlers, bound to this generator: `request` and `context` start a
    /// run (each forwarded first); the core drops a run on `cancel` and
    /// `error` (aborting its backend request) and passes cached runs through;
    /// at end of input a run still waiting for its request or context gets an error.
    EventTable events();

    /// Starts queued transfers, moves every stream forward, paces extractive words.
    void pump() override;
    /// No run left.
    bool idle() const override;
    /// Waits for backend data, a pacing deadline or `fd` readable (fd < 0: none);
    /// true when `fd` is readable.
    bool wait(int fd) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rag
