// SPDX-License-Identifier: MIT
// One chat run: started in the pipeline, relayed to its client, ended exactly once.
#include "lib/http/run.h"

#include <cstring>

#include <fmt/format.h>

namespace rag::http {

Run::Run(RunHost& host, std::string id, ExchangePtr ex, std::unique_ptr<Reply> reply, bool resumable)
    : host_(host), id_(std::move(id)), ex_(std::move(ex)), reply_(std::move(reply)) {
    if (resumable) log_.emplace(host_.log_bytes, &host_.metrics.event_log_bytes);
}

Run::~Run() {
    if (ex_) ex_->on_abort(nullptr);
}

void Run::begin(const std::string& line) {
    started_ms_ = ex_->started_ms;
    ex_->run_id = id_;
    ex_->on_abort([this] { client_gone(); });
    timeout_timer_ = host_.loop.after(host_.run_timeout_ms, [this] { timed_out(); });
    reply_->begin();
    if (reply_->streaming()) ++host_.metrics.streams_open;
    host_.runner.start(id_, line, this);
}

void Run::on_event(std::string_view type, std::string_view data) {
    if (finished() || over_byte_limit(type, data)) return;
    if (type == "cached") ++host_.metrics.cache_hits;
    if (type == "token" && !first_token_seen_) {
        first_token_seen_ = true;
        double ms = now_ms() - started_ms_;
        if (ex_ && ex_->run_id == id_) ex_->first_token_ms = ms;  // the exchange that started the run
        host_.metrics.first_token.observe(ms / 1000);
    }
    deliver(type, data);
    if (type == "done" || type == "error") finish(type == "done" ? "done" : "error");
}

// Logs what a stream relays, so a client that comes back gets the same frames.
void Run::deliver(std::string_view type, std::string_view data) {
    if (log_) {
        if (!sse_relays(type, host_.sse)) return;
        log_->append(type, data);
        if (host_.logged) host_.logged();
    }
    if (reply_) reply_->event(type, data);
}

void Run::abandon(const std::string& message) {
    if (finished()) return;
    host_.runner.cancel(id_);
    fail(message, "cancelled", 503);
}

void Run::fail(std::string_view message, const char* outcome, int status) {
    if (finished()) return;
    if (log_) deliver("error", own_error_data(message));  // what the relay's fail() sends, but logged
    else if (reply_) reply_->fail(message, status);
    finish(outcome);
}

void Run::client_gone() {
    if (finished()) return;
    if (log_ && host_.resume_window_ms > 0) return detach();
    host_.runner.cancel(id_);
    finish("cancelled");
}

void Run::detach() {
    ex_->add_note("detached");
    drop_reply();
    if (host_.detached) host_.detached(*this);
}

// The client's part ends; the reply may be on the stack (a write found the
// client gone), so it is freed after this batch.
void Run::drop_reply() {
    if (!reply_) return;
    if (reply_->streaming()) --host_.metrics.streams_open;
    ex_->on_abort(nullptr);
    host_.loop.defer([r = std::shared_ptr<Reply>(std::move(reply_))] {});
    ex_.reset();
}

void Run::attach(const ExchangePtr& ex, uint64_t seq, std::unique_ptr<Reply> relay) {
    if (reply_) {  // a connection the server still thinks open: the client has moved on
        ex_->add_note("taken over");
        ex_->on_abort(nullptr);
        reply_->finish();
        drop_reply();
    }
    ex_ = ex;
    reply_ = std::move(relay);
    if (!finished()) ex_->on_abort([this] { client_gone(); });
    reply_->begin();
    ++host_.metrics.streams_open;
    log_->for_each_after(seq, [this](const LoggedEvent& e) {
        if (reply_) reply_->event(e.type, e.data);  // the client may go away mid-replay
    });
    if (finished() && reply_) {
        reply_->finish();
        drop_reply();
    }
}

void Run::expire() {
    if (finished()) return;
    host_.runner.cancel(id_);
    finish("cancelled");
}

bool Run::completed() const { return outcome_ != nullptr && std::strcmp(outcome_, "cancelled") != 0; }

void Run::timed_out() {
    timeout_timer_ = 0;
    if (finished()) return;
    host_.runner.time_out(id_);
    fail(fmt::format("run timed out after {:g} s", host_.run_timeout_ms / 1000), "timeout", 504);
}

// A stage that writes without end (a loop, a runaway model) must not relay or hold gigabytes.
bool Run::over_byte_limit(std::string_view type, std::string_view data) {
    bytes_ += type.size() + data.size();
    if (host_.max_run_bytes == 0 || bytes_ <= host_.max_run_bytes) return false;
    host_.runner.cancel(id_);
    fail(fmt::format("run output passed {} bytes (--max-run-bytes)", host_.max_run_bytes), "too_large", 502);
    return true;
}

void Run::finish(const char* outcome) {
    if (finished()) return;
    outcome_ = outcome;
    host_.loop.cancel(timeout_timer_);
    ++host_.metrics.runs_by_outcome[outcome];
    host_.metrics.duration.observe((now_ms() - started_ms_) / 1000);
    if (reply_) {
        ex_->on_abort(nullptr);
        reply_->finish();
        drop_reply();
    }
    host_.ended(id_);
}

}  // namespace rag::http
