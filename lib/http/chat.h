// SPDX-License-Identifier: MIT
// The chat API of rag-sse: its routes, bearer auth, runs, health, metrics and access log.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "lib/core/request.h"
#include "lib/http/loop.h"
#include "lib/http/metrics.h"
#include "lib/http/openai_error.h"
#include "lib/http/openai_models.h"
#include "lib/http/page.h"
#include "lib/http/pipeline.h"
#include "lib/http/resume_store.h"
#include "lib/http/routes.h"
#include "lib/http/run.h"
#include "lib/http/server.h"
#include "lib/http/sessions_api.h"

namespace rag::http {

struct ChatOptions {
    SseOptions sse;
    double run_timeout_ms = 120000;  ///< a run still going after this fails
    size_t max_runs = 512;           ///< more at once: 503
    std::string token;               ///< bearer token; empty: no auth
    bool access_log = true;
    std::string page_dir;             ///< the chat page's files; empty: the built-in page
    SessionTurns session_turns;       ///< GET /api/sessions/ID; unset: every session is empty
    ResumeOptions resume;             ///< what a stream whose client goes away keeps, and for how long
    std::vector<std::string> models;  ///< models a request may name besides the default and extractive
    size_t max_run_bytes = 16u << 20;  ///< a run whose events pass this fails and is cancelled (0: no cap)
};

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
    void add_routes();
    void add_openai_routes();
    /// `handler` behind the bearer token; a refusal in `shape`.
    Routes::Handler authorized(Routes::Handler handler, ApiShape shape = ApiShape::native) const;
    bool has_token(const Exchange& ex) const;
    using ReplyMaker = std::function<std::unique_ptr<Reply>(const std::string& run_id)>;
    /// Starts a run of `request` answered through the reply `make_reply`
    /// builds; refusals (a model not offered, too many runs) in `shape`.
    void start_run(const ExchangePtr& ex, const rag::Request& request, ApiShape shape, const ReplyMaker& make_reply,
                   bool resumable);
    void start_native_run(const ExchangePtr& ex, bool stream);
    void start_completion(const ExchangePtr& ex);
    void run_ended(const std::string& run_id);

    Loop& loop_;
    Server& server_;
    Runner& runner_;
    ChatOptions options_;
    Metrics metrics_;
    ResumeStore resume_;  // before host_, which points into it; it reads runs_
    RunHost host_;
    Page page_;
    ModelCatalog models_;
    Routes routes_;
    RunMap runs_;  ///< runs still going, attached or detached
};

}  // namespace rag::http
