// SPDX-License-Identifier: MIT
// The resume window of rag-sse: the streams a client may come back to, for how long, within what bytes.
#include "lib/http/resume_store.h"

#include <algorithm>
#include <charconv>

#include <fmt/format.h>

namespace rag::http {
namespace {

constexpr std::string_view kJson = "application/json";

struct EventId {
    std::string run;
    uint64_t seq = 0;
};

// "RUN:SEQ", as the stream's ids are written; false for anything else.
bool parse_event_id(std::string_view s, EventId& out) {
    size_t colon = s.rfind(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == s.size()) return false;
    std::string_view digits = s.substr(colon + 1);
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out.seq);
    if (ec != std::errc{} || end != digits.data() + digits.size()) return false;
    out.run = s.substr(0, colon);
    return true;
}

}  // namespace

std::string last_event_id(const Request& req) {
    std::string_view header = req.header("Last-Event-ID");
    return header.empty() ? req.param("last_event_id") : std::string(header);
}

ResumeStore::ResumeStore(Loop& loop, Metrics& metrics, const RunMap& running, SseOptions sse, ResumeOptions options)
    : loop_(loop), metrics_(metrics), running_(running), sse_(sse), options_(options) {}

ResumeStore::~ResumeStore() { loop_.cancel(expiry_timer_); }

Run* ResumeStore::find(const std::string& id) const {
    if (auto it = running_.find(id); it != running_.end()) return it->second.get();
    if (auto it = holds_.find(id); it != holds_.end()) return it->second.run;
    return nullptr;
}

void ResumeStore::detached(Run& run) {
    ++metrics_.runs_detached;
    hold(run, nullptr);
    logged();  // the hold itself counts against the total
}

void ResumeStore::ended(std::unique_ptr<Run> run) {
    release(run->id());  // a detached run that ended (done, or cancelled at its window's end)
    if (run->resumable() && run->completed() && options_.window_ms > 0) {
        Run& r = *run;
        hold(r, std::move(run));
        logged();
        return;
    }
    if (run->completed()) remember(run->id());
    bury(std::move(run));
}

// Held for the window from now; the newest held is the last to be evicted.
void ResumeStore::hold(Run& run, std::unique_ptr<Run> owned) {
    std::string id = run.id();
    uint64_t age = next_age_++;
    holds_[id] = Hold{&run, std::move(owned), age, now_ms() + options_.window_ms};
    by_age_.emplace(age, id);
    metrics_.runs_held = holds_.size();
    arm_expiry();
}

// Every hold lasts the same window, so the oldest is always the next to expire: one timer for
// all of them, not one each (a busy server holds tens of thousands).
void ResumeStore::arm_expiry() {
    if (expiry_timer_ || by_age_.empty()) return;
    double wait = std::max(0.0, holds_.at(by_age_.begin()->second).deadline_ms - now_ms());
    expiry_timer_ = loop_.after(wait, [this] {
        expiry_timer_ = 0;
        expire_due();
    });
}

void ResumeStore::expire_due() {
    double now = now_ms();
    while (!by_age_.empty()) {
        std::string id = by_age_.begin()->second;
        if (holds_.at(id).deadline_ms > now) break;
        drop(id, true);
    }
    arm_expiry();
}

// No longer held: the client came back, or the run left the store.
void ResumeStore::release(const std::string& id) {
    auto it = holds_.find(id);
    if (it == holds_.end()) return;
    by_age_.erase(it->second.age);
    if (it->second.owned) bury(std::move(it->second.owned));
    holds_.erase(it);
    metrics_.runs_held = holds_.size();
}

// A finished run is freed (its id remembered if `remember`); a detached one
// is cancelled, which ends it and brings it back here through ended().
void ResumeStore::drop(const std::string& id, bool remember_it) {
    Hold& h = holds_.at(id);
    if (!h.owned) {
        h.run->expire();
        return release(id);  // expire() ended it and ended() let it go; this only makes sure
    }
    if (remember_it) remember(id);
    release(id);
}

void ResumeStore::bury(std::unique_ptr<Run> run) {
    if (graveyard_.empty()) loop_.defer([this] { graveyard_.clear(); });
    graveyard_.push_back(std::move(run));
}

void ResumeStore::remember(const std::string& id) {
    if (options_.remembered == 0 || !finished_.insert(id).second) return;
    finished_order_.push_back(id);
    if (finished_order_.size() > options_.remembered) {
        finished_.erase(finished_order_.front());
        finished_order_.pop_front();
    }
}

size_t ResumeStore::held_bytes() const { return metrics_.event_log_bytes + holds_.size() * kHeldRunBytes; }

void ResumeStore::logged() {
    if (bounding_ || held_bytes() <= options_.total_bytes) return;
    bounding_ = true;
    loop_.defer([this] { bound_bytes(); });
}

// Oldest held runs first; then the events of streams whose clients are still
// there (they have had them; only a later resume from before loses).
void ResumeStore::bound_bytes() {
    bounding_ = false;
    while (held_bytes() > options_.total_bytes && !by_age_.empty()) {
        ++metrics_.runs_evicted;
        drop(by_age_.begin()->second, false);
    }
    for (auto it = running_.begin(); held_bytes() > options_.total_bytes && it != running_.end(); ++it)
        if (it->second->resumable()) it->second->forget_events();
}

void ResumeStore::resume(const ExchangePtr& ex, std::string_view last_event_id) {
    ex->add_note(fmt::format("resume={}", last_event_id.substr(0, 80)));
    EventId at;
    if (!parse_event_id(last_event_id, at))
        return ex->respond(400, kJson, json_error("Last-Event-ID must be RUN:SEQ, as the stream's ids are"));
    Run* run = find(at.run);
    if (!run && finished_.count(at.run)) return ex->respond(204, {}, {});  // finished, its window passed
    if (!run)
        return ex->respond(
            410, kJson,
            json_error(fmt::format("run {} is gone (cancelled, unknown, or past its resume window)", at.run)));
    if (!run->resumable())
        return ex->respond(409, kJson,
                           json_error(fmt::format("run {} keeps no events to resume (not a stream, or "
                                                  "--resume-window 0)",
                                                  at.run)));
    if (at.seq > run->log().last_seq())
        return ex->respond(
            400, kJson,
            json_error(fmt::format("run {} has sent {} events, not {}", at.run, run->log().last_seq(), at.seq)));
    if (!run->log().holds_after(at.seq))
        return ex->respond(410, kJson,
                           json_error(fmt::format("the events of run {} after {} are no longer held", at.run, at.seq)));
    if (run->finished() && at.seq == run->log().last_seq()) return ex->respond(204, {}, {});
    ++metrics_.runs_resumed;
    if (!run->finished()) release(at.run);  // attached again: no window while its client is there
    run->attach(ex, at.seq, make_sse_relay(loop_, ex, at.run, sse_, at.seq + 1));
}

}  // namespace rag::http
