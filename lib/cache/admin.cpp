// SPDX-License-Identifier: MIT
// Management of a cache directory.
#include "lib/cache/admin.h"

#include <simdjson.h>

#include "lib/cache/answers.h"
#include "lib/cache/cache.h"
#include "lib/cache/key.h"
#include "lib/cache/sessions.h"
#include "lib/core/error.h"
#include "lib/core/lines.h"

namespace rag::cache {
namespace {

constexpr size_t kImportBatch = 10'000;  // records per write transaction

void export_db(store::Txn& txn, std::string_view db, Writer& out,
               void (*scan)(store::Txn&, const std::function<bool(std::string_view, std::string_view)>&)) {
    std::string line, json;
    scan(txn, [&](std::string_view k, std::string_view v) {
        if (db == "answers") {  // stored packed, exported as JSON
            auto a = unpack_answer(v);
            if (!a) return true;
            v = json = encode_answer(*a);
        }
        line.clear();
        JsonWriter w(line);
        w.begin_object().key("db").str(db).key("key").str(to_hex(k)).key("value").raw(v).end_object();
        out.append_line(line);
        return true;
    });
}

struct Record {
    std::string db, key, value;
};

// Checks one export line; nullopt (and a warning) when it is not a record we store.
std::optional<Record> parse_record(simdjson::dom::parser& parser, const Line& line) {
    simdjson::dom::object o;
    std::string_view db, hex;
    simdjson::dom::element value;
    if (parser.parse(line.text.data(), line.text.size(), false).get(o) || o["db"].get(db) || o["key"].get(hex) ||
        o["value"].get(value)) {
        warnf("<stdin>:{}: not an export record", line.number);
        return std::nullopt;
    }
    auto key = from_hex(hex);
    Record r{std::string(db), key.value_or(""), simdjson::minify(value)};
    std::optional<Answer> a;
    if (db == "answers" && (a = decode_answer(r.value))) r.value = pack_answer(*a);
    bool ok = key && ((db == "answers" && key->size() == kKeyBytes && a) ||
                      (db == "sessions" && (key->size() == kKeyBytes || key->size() == kKeyBytes + 8)));
    if (!ok) {
        warnf("<stdin>:{}: bad {} record (key {})", line.number, db, hex);
        return std::nullopt;
    }
    return r;
}

void store_batch(store::Env& env, const std::vector<Record>& batch) {
    env.write([&](store::Txn& txn) {
        for (const Record& r : batch) {
            if (r.db == "answers") txn.put(*txn.db("answers"), r.key, r.value);
            else put_session_record(txn, r.key, r.value);
        }
    });
}

}  // namespace

void write_stats(store::Env* env, const std::string& dir, Writer& out) {
    size_t entries = 0, map = 0, used = 0;
    SessionCounts sc;
    if (env) {
        store::Txn txn = env->read();
        entries = count_answers(txn);
        sc = count_sessions(txn);
        map = env->map_size();
        used = env->used_bytes();
    }
    HitCounts hc = read_counts(dir);
    std::string line;
    JsonWriter w(line);
    w.begin_object().key("path").str(dir).key("entries").num(uint64_t{entries});
    w.key("sessions").num(uint64_t{sc.sessions}).key("turns").num(uint64_t{sc.turns});
    w.key("map_bytes").num(uint64_t{map}).key("used_bytes").num(uint64_t{used});
    w.key("hits").num(hc.hits).key("misses").num(hc.misses).key("hit_ratio");
    uint64_t lookups = hc.hits + hc.misses;
    lookups ? w.num(static_cast<double>(hc.hits) / static_cast<double>(lookups)) : w.null();
    w.end_object();
    out.append_line(line);
}

void write_listing(store::Env& env, Writer& out) {
    store::Txn txn = env.read();
    std::string line;
    scan_answers(txn, [&](std::string_view k, std::string_view v) {
        auto a = unpack_answer(v);
        if (!a) return true;
        line.clear();
        JsonWriter w(line);
        w.begin_object().key("key").str(to_hex(k)).key("created").num(a->created_ms);
        w.key("corpus_id").str(a->corpus_id).key("generation").num(a->generation);
        w.key("model").str(a->model).key("query").str(a->query).key("answer").str(a->answer);
        w.key("tokens").num(uint64_t{a->tokens.size()}).end_object();
        out.append_line(line);
        return true;
    });
}

size_t purge(store::Env& env, const PurgeFilter& f, int64_t now) {
    size_t n = 0;
    if (f.sessions) {
        int64_t before = f.older_than_ms > 0 ? now - f.older_than_ms : 0;
        env.write([&](store::Txn& txn) { n = purge_turns(txn, before); });
        return n;
    }
    std::function<bool(const Answer&)> doomed;
    if (!f.corpus_id.empty() || f.older_than_ms > 0) {
        doomed = [&](const Answer& a) {
            return (f.corpus_id.empty() || a.corpus_id == f.corpus_id) &&
                   (f.older_than_ms == 0 || now - a.created_ms > f.older_than_ms);
        };
    }
    env.write([&](store::Txn& txn) { n = purge_answers(txn, doomed); });
    return n;
}

void write_history(store::Env& env, const std::string& session, Writer& out) {
    store::Txn txn = env.read();
    scan_turns(txn, session, [&](std::string_view v) { out.append_line(v); });
}

void write_export(store::Env& env, Writer& out) {
    store::Txn txn = env.read();
    export_db(txn, "answers", out, scan_answers);
    export_db(txn, "sessions", out, scan_sessions);
}

ImportCounts import_records(store::Env& env, int fd) {
    ImportCounts c;
    LineReader in(fd);
    simdjson::dom::parser parser;
    std::vector<Record> batch;
    Line line;
    auto drain = [&] {
        while (in.next(line)) {
            if (line.text.empty()) continue;
            if (auto r = parse_record(parser, line)) batch.push_back(std::move(*r));
            else ++c.skipped;
            if (batch.size() == kImportBatch) {
                store_batch(env, batch);
                c.imported += batch.size();
                batch.clear();
            }
        }
    };
    do drain();
    while (in.fill());
    drain();
    if (!batch.empty()) store_batch(env, batch);
    c.imported += batch.size();
    return c;
}

}  // namespace rag::cache
