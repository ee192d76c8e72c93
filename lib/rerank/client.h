// SPDX-License-Identifier: MIT
// Scores lists of passages against a query on a rerank server: batches in flight at once
// over libcurl's multi interface, retries with backoff, and a deadline per list.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "lib/rerank/api.h"

namespace rag::rerank {

struct ClientOptions {
    ApiShape api = ApiShape::kJina;
    std::string endpoint;  ///< the full URL (rerank_endpoint)
    std::string model;     ///< sent by the jina shape when not empty
    std::string api_key;   ///< sent as a bearer token when not empty; never in a message
    size_t batch = 32;     ///< documents per request (0: all in one)
    int parallel = 4;      ///< requests in flight at once, over all lists
    double timeout = 10;   ///< seconds a list may take, retries included
    int retries = 2;       ///< further tries of a request that met 429, 5xx or a failed connection
};

/// How scoring one list went.
struct Outcome {
    std::vector<double> scores;  ///< by document index; empty when scoring failed
    std::string error;           ///< why it failed ("" on success), secret-free
    size_t requests = 0;         ///< HTTP requests made, retries included
    double ms = 0;               ///< from start() to the outcome
};

/// Backoff before try `attempt` + 1 (attempt 0 is the first try): 100 ms, doubled each
/// time, at most 2 s.
double backoff_ms(int attempt);

/// Whether a failed request is worth another try: 429, 5xx but 501 (Not Implemented), or no
/// response at all.
bool retryable(long status, std::string_view message);

/// One thread; driven by pump() and wait() from a filter's poll loop.
class Client {
public:
    using Done = std::function<void(Outcome&&)>;

    explicit Client(ClientOptions options);
    ~Client();
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    /// Queues `documents` for scoring against `query`; `done` is called once, from pump(),
    /// unless the job is cancelled first. Returns the job's id (never 0).
    uint64_t start(std::string query, std::vector<std::string> documents, Done done);
    /// Drops a job and its requests; its `done` is never called. An unknown id is ignored.
    void cancel(uint64_t job);

    /// Starts queued requests, reads responses, retries, expires jobs past their deadline,
    /// and calls `done` for the jobs that ended.
    void pump();
    /// No job left.
    bool idle() const;
    /// Waits for a response, a retry or deadline coming due, or `fd` readable (fd < 0: not
    /// watched); true when `fd` is readable.
    bool wait(int fd);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rag::rerank
