// SPDX-License-Identifier: MIT
// One chat run: started in the pipeline, relayed to its client, ended exactly once.
#include "lib/http/run.h"

#include <fmt/format.h>

namespace rag::http {

Run::Run(RunHost& host, std::string id, ExchangePtr ex, std::unique_ptr<Reply> reply)
    : host_(host), id_(std::move(id)), ex_(std::move(ex)), reply_(std::move(reply)) {}

void Run::begin(const std::string& line) {
    ex_->run_id = id_;
    ex_->on_abort([this] { client_gone(); });
    timeout_timer_ = host_.loop.after(host_.run_timeout_ms, [this] { timed_out(); });
    reply_->begin();
    if (reply_->streaming()) ++host_.metrics.streams_open;
    host_.runner.start(id_, line, this);
}

void Run::on_event(std::string_view type, std::string_view data) {
    if (finished_) return;
    if (type == "cached") ++host_.metrics.cache_hits;
    if (type == "token" && ex_->first_token_ms < 0) {
        ex_->first_token_ms = now_ms() - ex_->started_ms;
        host_.metrics.first_token.observe(ex_->first_token_ms / 1000);
    }
    reply_->event(type, data);
    if (type == "done" || type == "error") finish(type == "done" ? "done" : "error");
}

void Run::abandon(const std::string& message) {
    host_.runner.cancel(id_);
    fail(message, "cancelled", 503);
}

void Run::fail(std::string_view message, const char* outcome, int status) {
    if (finished_) return;
    reply_->fail(message, status);
    finish(outcome);
}

void Run::client_gone() {
    if (finished_) return;
    host_.runner.cancel(id_);
    finish("cancelled");
}

void Run::timed_out() {
    timeout_timer_ = 0;
    if (finished_) return;
    host_.runner.cancel(id_);
    fail(fmt::format("run timed out after {:g} s", host_.run_timeout_ms / 1000), "timeout", 504);
}

void Run::finish(const char* outcome) {
    if (finished_) return;
    finished_ = true;
    host_.loop.cancel(timeout_timer_);
    ++host_.metrics.runs_by_outcome[outcome];
    host_.metrics.duration.observe((now_ms() - ex_->started_ms) / 1000);
    if (reply_->streaming()) --host_.metrics.streams_open;
    ex_->on_abort(nullptr);
    reply_->finish();
    host_.ended(id_);
}

}  // namespace rag::http
