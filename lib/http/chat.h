// SPDX-License-Identifier: MIT
// The chat API of rag-sse: routes, request validation, runs relayed as SSE or JSON.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "lib/http/loop.h"
#include "lib/http/metrics.h"
#include "lib/http/pipeline.h"
#include "lib/http/server.h"

namespace rag::http {

struct ChatOptions {
    bool forward_all = false;       ///< also relay internal events (request, context, ...)
    double heartbeat_ms = 15000;    ///< ": ping" after this much silence on a stream
    double run_timeout_ms = 120000; ///< a run still going after this fails
    size_t max_runs = 512;          ///< more at once: 503
    long retry_ms = 3000;           ///< the SSE retry: hint
    std::string token;              ///< bearer token; empty: no auth
    bool access_log = true;
};

class Run;

/// Answers HTTP exchanges; starts a run per chat request through the Runner.
class ChatService {
public:
    ChatService(Loop& loop, Server& server, Runner& runner, ChatOptions options);
    ~ChatService();

    void handle(const ExchangePtr& ex);
    /// Access log line and request metrics, once per exchange.
    void finished(const Exchange& ex);
    /// Ends every run with an error event (shutdown after the grace period).
    void cancel_all(const std::string& message);
    size_t active_runs() const { return runs_.size(); }

private:
    friend class Run;
    void route(const ExchangePtr& ex);
    void start_run(const ExchangePtr& ex, const std::string& body, bool stream);
    bool authorized(const Exchange& ex) const;
    void run_ended(const std::string& run_id);

    Loop& loop_;
    Server& server_;
    Runner& runner_;
    ChatOptions options_;
    Metrics metrics_;
    std::unordered_map<std::string, std::unique_ptr<Run>> runs_;
};

/// The chat page served at GET / (HTML with an EventSource client).
std::string_view chat_page();

}  // namespace rag::http
