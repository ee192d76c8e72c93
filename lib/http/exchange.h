// SPDX-License-Identifier: MIT
// One request and its response, as the application sees it.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "lib/http/request.h"

namespace rag::http {

class Connection;

/// One request and its response. The handler receives it as a shared_ptr
/// and may answer at once (respond) or later, in pieces (begin_stream, send,
/// end). If the client goes away first, the abort callback runs once and
/// every later call is a no-op.
class Exchange {
public:
    Exchange(Connection* conn, Request req, std::string peer);

    const Request& request() const { return req_; }
    const std::string& peer() const { return peer_; }

    /// A whole response with Content-Length. `extra_headers` are complete
    /// "Name: value\r\n" lines.
    void respond(int status, std::string_view content_type, std::string_view body, std::string_view extra_headers = {});
    /// Starts a streamed response (chunked on HTTP/1.1, close-delimited on 1.0).
    void begin_stream(int status, std::string_view content_type, std::string_view extra_headers = {});
    /// Queues bytes of a streamed response; they leave before the loop blocks.
    void send(std::string_view bytes);
    /// Ends a streamed response.
    void end();

    /// Runs once if the client disconnects (or the connection fails) before end().
    void on_abort(std::function<void()> f) { on_abort_ = std::move(f); }
    /// Runs when the client half-closes (ends its input) while the response
    /// goes on. Only a write tells a half-close from a closed client, so a
    /// stream that can send a harmless byte sends one now.
    void on_input_end(std::function<void()> f) { on_input_end_ = std::move(f); }
    /// True until the response ended or the client went away.
    bool live() const { return conn_ != nullptr && !ended_; }
    /// True if the response was streamed with chunked framing, which lets the
    /// connection live on after it.
    bool reusable_after_stream() const { return !streaming_ || chunked_; }

    // For the access log and metrics.
    int status = 0;
    size_t bytes_out = 0;
    double started_ms = 0;
    double first_token_ms = -1;  ///< set by the application
    std::string run_id;          ///< set by the application
    std::string note;            ///< set by the application: words at the end of the access log line
    void add_note(std::string_view words) {
        if (!note.empty()) note += ' ';
        note += words;
    }
    bool aborted = false;

private:
    friend class Connection;
    void detach();  // the connection closed
    void input_ended();
    void ended();

    Connection* conn_;
    Request req_;
    std::string peer_;
    bool streaming_ = false;
    bool chunked_ = false;
    bool ended_ = false;
    std::function<void()> on_abort_;
    std::function<void()> on_input_end_;
};

using ExchangePtr = std::shared_ptr<Exchange>;

}  // namespace rag::http
