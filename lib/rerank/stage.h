// SPDX-License-Identifier: MIT
// rag-rerank's engine: holds a run's meta and sources until its context is scored, then
// writes all three in the new order; other runs' events pass meanwhile.
#pragma once

#include <memory>

#include "lib/core/event.h"
#include "lib/core/filter.h"
#include "lib/rerank/client.h"

namespace rag::rerank {

struct StageOptions {
    ClientOptions client;
    int top_k = 0;  ///< passages kept per run; 0: the request's top_k
};

/// Reranks runs. Run it as a filter's poller, with its table:
///
///   rag::EventTable table = stage.events();
///   rag::run_filter(table, out, {.poller = &stage});
class Stage final : public Poller {
public:
    /// `out` receives the rewritten events and must outlive the Stage.
    Stage(StageOptions options, Writer& out);
    ~Stage() override;

    /// The handlers: `request` gives a run its query and top_k; `meta` and `sources` are
    /// held, `context` is held and scored; a held run's later events wait behind it, in
    /// order. `done`, `error` and `cancel` end a held run: its events leave as they came.
    /// At end of input a run held without a context is let go the same way.
    EventTable events();

    void pump() override;
    bool idle() const override;
    bool wait(int fd) override;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rag::rerank
