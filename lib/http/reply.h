// SPDX-License-Identifier: MIT
// How a run's events reach its client: an SSE stream or one JSON answer.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "lib/http/exchange.h"
#include "lib/http/loop.h"

namespace rag::http {

/// Writes one run's events to its exchange. The run calls begin() once, then
/// event() per pipeline event, fail() at most once, and finish() last.
class Reply {
public:
    virtual ~Reply() = default;
    virtual void begin() {}
    virtual void event(std::string_view type, std::string_view data_json) = 0;
    /// The run failed in rag-sse (pipeline fault, timeout, shutdown); `status`
    /// is what a response that has not started yet answers.
    virtual void fail(std::string_view message, int status) = 0;
    virtual void finish() = 0;
    /// True for a stream (counted as open in the metrics while it lasts).
    virtual bool streaming() const = 0;
};

struct SseOptions {
    bool forward_all = false;     ///< also relay internal events (request, context, ...)
    double heartbeat_ms = 15000;  ///< ": ping" after this much silence
    long retry_ms = 3000;         ///< the SSE retry: hint
};

/// True for the event types an SSE stream relays (and a run's event log keeps).
bool sse_relays(std::string_view type, const SseOptions& options);

/// Relays events as SSE frames, and heartbeats in silence. Their ids are
/// "RUN:SEQ", SEQ counting the events it is given from `first_seq`: a run
/// gives it the events of its log, in order, from that seq on (a resumed
/// stream starts past 1). It relays only the types sse_relays() names.
std::unique_ptr<Reply> make_sse_relay(Loop& loop, ExchangePtr ex, std::string run, SseOptions options,
                                      uint64_t first_seq = 1);

/// The bytes of an SSE stream for a run's events: rag's own frames or another API's.
class SseFramer {
public:
    virtual ~SseFramer() = default;
    /// What the stream starts with (the retry: hint).
    virtual std::string head() = 0;
    /// The frames for one event; empty for an event the stream leaves out.
    virtual std::string frames(std::string_view type, std::string_view data_json) = 0;
};

/// Relays events as the frames of `framer`, and heartbeats in silence.
std::unique_ptr<Reply> make_sse_relay(Loop& loop, ExchangePtr ex, std::unique_ptr<SseFramer> framer,
                                      SseOptions options);

/// A run gathered, for a format to render into one JSON answer.
struct CollectedAnswer {
    std::string_view run, answer, sources, verify;  ///< sources and verify as JSON
    bool cached = false;
    int64_t tokens = 0;  ///< the backend's count, else the token events
    double started_ms = 0;
    bool truncated = false;  ///< `done` said "finish_reason": "length"
};

/// How a collected answer, or its failure, reads in one API.
class AnswerFormat {
public:
    virtual ~AnswerFormat() = default;
    virtual std::string body(const CollectedAnswer& a) = 0;
    /// `error_json` is an error event's data ({message, stage}); `message` its message.
    virtual std::string error_body(std::string_view run, int status, std::string_view error_json,
                                   std::string_view message) = 0;
};

/// Gathers the run into one JSON answer in `format`.
std::unique_ptr<Reply> make_answer_collector(ExchangePtr ex, std::string run, std::unique_ptr<AnswerFormat> format);
/// Gathers the run into rag's own answer (POST /api/chat).
std::unique_ptr<Reply> make_answer_collector(ExchangePtr ex, std::string run);

/// {"error": MESSAGE}, the body of a refused request.
std::string json_error(std::string_view message);

/// {"message": MESSAGE, "stage": "rag-sse"}, the data of rag-sse's own error event.
std::string own_error_data(std::string_view message);

}  // namespace rag::http
