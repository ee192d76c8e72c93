// SPDX-License-Identifier: MIT
// `rag-cache put`: answers and session turns are written on `done` only.
#include "lib/cache/record.h"

#include "lib/cache/lookup.h"
#include "lib/cache/sessions.h"
#include "lib/core/request.h"
#include "lib/core/error.h"

namespace rag::cache {

Recorder::Recorder(RecordOptions options)
    : options_(std::move(options)), cache_(options_.cache_dir, Cache::Mode::write), index_(options_.index_dir) {}

void Recorder::on_request(const Event& ev, Writer& out) {
    out.forward(ev);
    Request r = parse_request(ev);
    Run run;
    run.query = r.query;
    run.session = r.session_id;
    if (r.use_cache && !r.cached) {
        try {
            // Read now, before the answer is made: an index changed meanwhile
            // bumps the generation and the answer is stored under the old one.
            RequestKey k = request_key(r, index_.current());
            run.key = std::move(k.key);
            run.answer = std::move(k.identity);
        } catch (const store::StoreError& e) {
            if (!index_warned_) warnf("cannot read the index generation: {} (answers not stored)", e.what());
            index_warned_ = true;
        }
    }
    runs_[std::string(ev.run)] = std::move(run);
}

void Recorder::on_sources(const Event& ev, Writer& out) {
    out.forward(ev);
    auto it = runs_.find(std::string(ev.run));
    if (it != runs_.end()) it->second.answer.sources = simdjson::minify(ev.data);
}

void Recorder::on_token(const Event& ev, Writer& out) {
    out.forward(ev);
    auto it = runs_.find(std::string(ev.run));
    if (it == runs_.end()) return;
    std::string_view t = ev.str("t");
    it->second.text += t;
    it->second.answer.tokens.push_back(static_cast<uint32_t>(t.size()));
}

void Recorder::on_done(const Event& ev, Writer& out) {
    out.forward(ev);
    out.flush();   // the answer reaches the reader before the commit's fsync
    auto it = runs_.find(std::string(ev.run));
    if (it == runs_.end()) return;
    Run run = std::move(it->second);
    runs_.erase(it);
    store(std::string(ev.run), run, ev);
}

void Recorder::on_drop(const Event& ev, Writer& out) {
    out.forward(ev);
    runs_.erase(std::string(ev.run));
    if (ev.type == "cancel") runs_.erase(std::string(ev.str("run")));
}

void Recorder::store(const std::string& run_id, Run& run, const Event& done) {
    bool cached = done.flag("cached");
    std::string_view answer = done.str("answer");
    bool keep_answer = !cached && !run.key.empty() && !answer.empty();
    if (!keep_answer && run.session.empty()) return;
    if (keep_answer) {
        Answer& a = run.answer;
        a.answer = answer;
        a.created_ms = now_ms();
        // Boundaries are kept only when the tokens spell the answer exactly.
        if (run.text != answer) a.tokens = {static_cast<uint32_t>(answer.size())};
    }
    std::vector<StoredTurn> turns;
    if (!run.session.empty()) {
        int64_t ts = now_ms();
        turns.push_back(make_turn("user", run.query, run_id, false, ts));
        turns.push_back(make_turn("assistant", std::string(answer), run_id, cached, ts));
    }
    store::Env* env = cache_.env();
    if (!env) return;
    try {
        env->write([&](store::Txn& txn) {
            if (keep_answer) put_answer(txn, run.key, run.answer);
            if (!turns.empty()) append_turns(txn, run.session, turns);
        });
    } catch (const store::StoreError& e) {
        cache_.disable(e.what());
    }
}

}  // namespace rag::cache
