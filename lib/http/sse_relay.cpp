// SPDX-License-Identifier: MIT
// The SSE relay: a run's events as frames on a streamed response, heartbeats in silence.
#include <fmt/format.h>

#include "lib/core/json_out.h"
#include "lib/http/reply.h"
#include "lib/http/sse.h"

namespace rag::http {
namespace {

constexpr std::string_view kSseType = "text/event-stream; charset=utf-8";
constexpr std::string_view kSseHeaders = "Cache-Control: no-cache, no-transform\r\nX-Accel-Buffering: no\r\n";

// The reference's event types; the others (request, context, ...) are internal.
bool forwarded_by_default(std::string_view type) {
    return type == "meta" || type == "sources" || type == "cached" || type == "token" || type == "verify" ||
           type == "done" || type == "error";
}

}  // namespace

bool sse_relays(std::string_view type, const SseOptions& options) {
    return type != "cancel" && (options.forward_all || forwarded_by_default(type));
}

namespace {

// rag's own frames: "event: TYPE", "id: RUN:SEQ", the data as is.
class NativeFramer : public SseFramer {
public:
    NativeFramer(std::string run, SseOptions options, uint64_t first_seq)
        : run_(std::move(run)), options_(options), seq_(first_seq - 1) {}

    std::string head() override {
        std::string s;
        append_sse_retry(s, options_.retry_ms);
        return s;
    }

    std::string frames(std::string_view type, std::string_view data) override {
        std::string frame;
        if (sse_relays(type, options_)) append_sse_frame(frame, type, fmt::format("{}:{}", run_, ++seq_), data);
        return frame;
    }

private:
    std::string run_;
    SseOptions options_;
    uint64_t seq_;  // of the last event sent
};

class SseRelay : public Reply {
public:
    SseRelay(Loop& loop, ExchangePtr ex, std::unique_ptr<SseFramer> framer, SseOptions options)
        : loop_(loop), ex_(std::move(ex)), framer_(std::move(framer)), options_(options) {}
    ~SseRelay() override {
        loop_.cancel(heartbeat_timer_);
        ex_->on_input_end(nullptr);
    }

    void begin() override {
        ex_->begin_stream(200, kSseType, kSseHeaders);
        ex_->send(framer_->head());
        last_write_ms_ = now_ms();
        arm_heartbeat(options_.heartbeat_ms);
        ex_->on_input_end([this] { ping(); });  // a closed client answers it with a reset
    }

    void event(std::string_view type, std::string_view data) override {
        std::string frames = framer_->frames(type, data);
        if (frames.empty()) return;
        ex_->send(frames);
        last_write_ms_ = now_ms();
    }

    void fail(std::string_view message, int /*status*/) override { event("error", own_error_data(message)); }

    void finish() override {
        loop_.cancel(heartbeat_timer_);
        heartbeat_timer_ = 0;
        ex_->end();
    }

    bool streaming() const override { return true; }

private:
    void ping() {
        std::string comment;
        append_sse_comment(comment, "ping");
        ex_->send(comment);
        last_write_ms_ = now_ms();
    }

    void arm_heartbeat(double delay_ms) {
        heartbeat_timer_ = loop_.after(delay_ms, [this] {
            heartbeat_timer_ = 0;
            double silent = now_ms() - last_write_ms_;
            if (silent >= options_.heartbeat_ms - 1) {
                ping();
                silent = 0;
            }
            arm_heartbeat(options_.heartbeat_ms - silent);
        });
    }

    Loop& loop_;
    ExchangePtr ex_;
    std::unique_ptr<SseFramer> framer_;
    SseOptions options_;
    uint64_t heartbeat_timer_ = 0;
    double last_write_ms_ = 0;
};

}  // namespace

std::unique_ptr<Reply> make_sse_relay(Loop& loop, ExchangePtr ex, std::string run, SseOptions options,
                                      uint64_t first_seq) {
    return make_sse_relay(loop, std::move(ex), std::make_unique<NativeFramer>(std::move(run), options, first_seq),
                          options);
}

std::unique_ptr<Reply> make_sse_relay(Loop& loop, ExchangePtr ex, std::unique_ptr<SseFramer> framer,
                                      SseOptions options) {
    return std::make_unique<SseRelay>(loop, std::move(ex), std::move(framer), options);
}

std::string json_error(std::string_view message) {
    std::string s;
    JsonWriter(s).begin_object().key("error").str(message).end_object();
    return s;
}

std::string own_error_data(std::string_view message) {
    std::string s;
    JsonWriter(s).begin_object().key("message").str(message).key("stage").str("rag-sse").end_object();
    return s;
}

}  // namespace rag::http
