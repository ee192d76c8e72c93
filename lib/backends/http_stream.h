// SPDX-License-Identifier: MIT
// Concurrent streamed HTTP POSTs over libcurl's multi interface, driven from a poll loop.
#pragma once

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rag {

struct HttpRequest {
    std::string url;
    std::string body;                  ///< sent as application/json
    std::vector<std::string> headers;  ///< extra "Name: value" lines (may hold secrets: never logged)
    long connect_timeout_ms = 10000;
    long idle_timeout_ms = 60000;  ///< no byte for this long ends the transfer
};

/// How a transfer ended. `message` is empty on success (a 2xx response read
/// to its end); else it says why, with the server's own words for an HTTP
/// error status (see http_error_message).
struct HttpResult {
    uint64_t id = 0;
    long status = 0;
    std::string message;
};

/// Runs any number of streamed POSTs at once. The body of a 2xx response is
/// handed to the transfer's data function as it arrives; the body of an
/// error status is kept (up to 64 KiB) for the result's message. One thread.
class HttpStreams {
public:
    /// Receives response bytes; returns false to stop the transfer (it then
    /// ends with message "aborted"). Exceptions are caught, the transfer
    /// stops, and the exception is rethrown from perform().
    using DataFn = std::function<bool(std::string_view)>;

    HttpStreams();
    ~HttpStreams();
    HttpStreams(const HttpStreams&) = delete;
    HttpStreams& operator=(const HttpStreams&) = delete;

    /// Starts a transfer; returns its id (never 0).
    uint64_t start(const HttpRequest& request, DataFn data);

    /// Stops a transfer now and closes its connection; no result is reported.
    void abort(uint64_t id);

    /// Moves every transfer forward without blocking, applies idle timeouts,
    /// and returns the transfers that ended.
    std::vector<HttpResult> perform();

    /// Waits until a transfer's socket or `fd` (unless -1) is ready, or
    /// `timeout_ms` passes (less if a transfer's timer is due sooner).
    /// Returns true if `fd` is readable (or at end of file).
    bool wait(int fd, int timeout_ms);

    size_t active() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rag
