// SPDX-License-Identifier: MIT
// `rag-cache put`: answers and session turns are written on `done` only.
#include "lib/cache/record.h"

#include "lib/cache/key.h"
#include "lib/cache/lookup.h"
#include "lib/core/error.h"
#include "lib/core/request.h"

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
            run.sampling = std::move(k.sampling);
        } catch (const store::StoreError& e) {
            if (!index_warned_) warnf("cannot read the index generation: {} (answers not stored)", e.what());
            index_warned_ = true;
        }
    }
    runs_[ev.run] = std::move(run);
}

void Recorder::on_sources(const Event& ev, Writer& out) {
    out.forward(ev);
    if (Run* run = runs_.find(ev.run)) run->answer.sources = simdjson::minify(ev.data);
}

void Recorder::on_token(const Event& ev, Writer& out) {
    out.forward(ev);
    Run* run = runs_.find(ev.run);
    if (!run) return;
    std::string_view t = ev.str("t");
    run->text += t;
    run->answer.tokens.push_back(static_cast<uint32_t>(t.size()));
}

void Recorder::on_verify(const Event& ev, Writer& out) {
    out.forward(ev);
    if (Run* run = runs_.find(ev.run)) run->answer.verify = simdjson::minify(ev.data);
}

void Recorder::on_done(const Event& ev, Writer& out) {
    Run* run = runs_.find(ev.run);
    bool stored = run && store(ev.run, *run, ev);  // the core drops the run after this handler
    out.forward(ev);                               // after the commit: what the reader has read, its next request sees
    if (!stored) return;
    out.flush();  // the reader has `done` before the flush to disk begins
    cache_.sync();
}

// The answer is stored under the model that made it (`done.model`), which
// differs from the request's when rag-generate's --model or --backend chose
// it: `rag-cache get` then misses (it cannot see those flags) instead of
// serving one model's answer for another.
void Recorder::rekey_by_model(Run& run, std::string_view model) {
    Answer& a = run.answer;
    if (model.empty() || model == a.model) return;
    a.model = model;
    run.key = answer_key({a.query, a.corpus_id, a.generation, a.model, run.sampling});
}

bool Recorder::store(std::string_view run_id, Run& run, const Event& done) {
    bool cached = done.flag("cached");
    std::string_view answer = done.str("answer");
    // An answer a token budget cut is not whole: the session keeps the turn, the cache does not.
    bool cut = done.str("finish_reason") == "length";
    bool keep_answer = !cached && !cut && !run.key.empty() && !answer.empty();
    if (!keep_answer && run.session.empty()) return false;
    if (keep_answer) {
        Answer& a = run.answer;
        rekey_by_model(run, done.str("model"));
        a.answer = answer;
        a.created_ms = now_ms();
        // Boundaries are kept only when the tokens spell the answer exactly.
        if (run.text != answer) a.tokens = {static_cast<uint32_t>(answer.size())};
    }
    std::vector<StoredTurn> turns;
    if (!run.session.empty()) {
        int64_t ts = now_ms();
        turns.push_back(make_turn("user", run.query, std::string(run_id), false, ts));
        turns.push_back(make_turn("assistant", std::string(answer), std::string(run_id), cached, ts));
    }
    store::Env* env = cache_.env();
    if (!env) return false;
    try {
        env->write([&](store::Txn& txn) {
            if (keep_answer) put_answer(txn, run.key, run.answer);
            if (!turns.empty()) append_turns(txn, run.session, turns, options_.sessions, now_ms());
        });
    } catch (const store::StoreError& e) {
        cache_.disable(e.what());
        return false;
    }
    return true;
}

}  // namespace rag::cache
