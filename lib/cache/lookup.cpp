// SPDX-License-Identifier: MIT
// `rag-cache get`: cache hits, and history from sessions.
#include "lib/cache/lookup.h"


#include "lib/cache/json.h"
#include "lib/cache/key.h"
#include "lib/cache/sessions.h"
#include "lib/core/error.h"
#include "lib/core/model.h"

namespace rag::cache {
namespace {

bool same_identity(const Answer& a, const Answer& b) {
    return a.query == b.query && a.corpus_id == b.corpus_id && a.generation == b.generation && a.model == b.model;
}

// The `sources` list inside a stored sources event's data, as JSON ("[]" when none).
std::string sources_list(std::string_view sources_data) {
    if (sources_data.empty()) return "[]";
    simdjson::dom::array list;
    if (parse_stored(sources_data)["sources"].get(list)) return "[]";
    return simdjson::minify(list);
}

}  // namespace

RequestKey request_key(const Request& r, const CorpusState& corpus) {
    RequestKey k;
    k.identity.query = contextualized_query(r);
    k.identity.corpus_id = effective_corpus(r.corpus_id, corpus);
    k.identity.generation = corpus.generation;
    k.identity.model = resolve_model(r.model).spec;
    k.sampling = sampling_key(r.sampling);
    k.key = answer_key({k.identity.query, k.identity.corpus_id, k.identity.generation, k.identity.model, k.sampling});
    return k;
}

void write_request_event(const Event& ev, const Request& r, Writer& out) {
    out.emit("request", ev.run, [&](JsonWriter& w) {
        write_request(w, r);
        for (auto [k, v] : ev.data)
            if (!is_request_field(k)) w.key(k).raw(simdjson::minify(v));
    });
}

Lookup::Lookup(LookupOptions options)
    : options_(std::move(options)), cache_(options_.cache_dir, Cache::Mode::read), index_(options_.index_dir) {}

void Lookup::on_request(const Event& ev, Writer& out) {
    double started = monotonic_ms();
    Request r = parse_request(ev);
    if (r.cached) return out.forward(ev);  // already served upstream
    bool filled = !r.session_id.empty() && r.history.empty() && fill_history(r);
    if (r.use_cache) {
        if (auto a = find(r)) return serve(ev, r, *a, started, out);
    }
    filled ? write_request_event(ev, r, out) : out.forward(ev);
}

bool Lookup::fill_history(Request& r) {
    store::Env* env = cache_.env();
    if (!env) return false;
    try {
        store::Txn txn = env->read();
        int64_t since = options_.session_ttl_ms > 0 ? now_ms() - options_.session_ttl_ms : 0;
        r.history = session_history(txn, r.session_id, options_.history_turns, since);
    } catch (const store::StoreError& e) {
        cache_.disable(e.what());
    }
    return !r.history.empty();
}

std::optional<Answer> Lookup::find(const Request& r) {
    store::Env* env = cache_.env();
    if (!env) return std::nullopt;
    CorpusState corpus;
    try {
        corpus = index_.current();
    } catch (const store::StoreError& e) {
        // Without the generation a stale answer could be served: miss instead.
        if (!index_warned_) warnf("cannot read the index generation: {} (cache not used)", e.what());
        index_warned_ = true;
        return std::nullopt;
    }
    RequestKey k = request_key(r, corpus);
    std::optional<Answer> a;
    try {
        store::Txn txn = env->read();
        a = get_answer(txn, k.key);
    } catch (const store::StoreError& e) {
        cache_.disable(e.what());
        return std::nullopt;
    }
    if (a && (!same_identity(*a, k.identity) || (options_.ttl_ms > 0 && now_ms() - a->created_ms > options_.ttl_ms)))
        a.reset();
    cache_.count(a.has_value());
    return a;
}

void Lookup::serve(const Event& ev, Request& r, const Answer& a, double started, Writer& out) {
    r.cached = true;
    write_request_event(ev, r, out);
    out.emit("cached", ev.run, [&](JsonWriter& w) { w.key("answer").str(a.answer); });
    if (!a.sources.empty()) out.emit_raw("sources", ev.run, a.sources);
    size_t at = 0;
    for (uint32_t n : a.tokens) {
        out.emit("token", ev.run, [&](JsonWriter& w) { w.key("t").str(std::string_view(a.answer).substr(at, n)); });
        at += n;
    }
    if (!a.verify.empty()) out.emit_raw("verify", ev.run, a.verify);  // as the run that made it had it
    auto ms = static_cast<int64_t>(monotonic_ms() - started);
    out.emit("done", ev.run, [&](JsonWriter& w) {
        w.key("answer").str(a.answer).key("cached").boolean(true).key("duration_ms").num(ms);
        w.key("sources").raw(sources_list(a.sources));
    });
}

}  // namespace rag::cache
