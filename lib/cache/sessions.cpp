// SPDX-License-Identifier: MIT
// Chat sessions. Layout of the "sessions" database, for a session hash H
// (16 bytes, lib/cache/key.h): H -> {"session","next"} (the turn counter),
// H + big-endian seq -> one turn. A scan of prefix H reads a session in order.
#include "lib/cache/sessions.h"

#include "lib/cache/json.h"
#include "lib/cache/key.h"
#include "lib/core/json_out.h"

namespace rag::cache {
namespace {

constexpr const char* kDb = "sessions";

std::string turn_key(std::string_view head, uint64_t seq) {
    std::string k(head);
    for (int shift = 56; shift >= 0; shift -= 8) k.push_back(static_cast<char>(seq >> shift));
    return k;
}

std::string encode_counter(std::string_view session, uint64_t next) {
    std::string out;
    JsonWriter w(out);
    w.begin_object().key("session").str(session).key("next").num(next).end_object();
    return out;
}

// Reads the counter record; 0 when the session is new.
uint64_t next_seq(store::Txn& txn, MDB_dbi db, std::string_view head) {
    auto value = txn.get(db, head);
    if (!value) return 0;
    simdjson::dom::object o;
    uint64_t next = 0;
    if (parse_stored(*value).get(o) || o["next"].get(next)) return 0;
    return next;
}

// A turn's time (Unix ms); 0 when the record has none.
int64_t turn_ts(std::string_view json) {
    simdjson::dom::object o;
    int64_t ts = 0;
    if (parse_stored(json).get(o) || o["ts"].get(ts)) return 0;
    return ts;
}

uint64_t turn_seq(std::string_view key) {
    uint64_t seq = 0;
    for (char c : key.substr(kKeyBytes)) seq = seq << 8 | static_cast<unsigned char>(c);
    return seq;
}

// Deletes a session's turns from the oldest on, while they are below seq
// `first_kept` or older than `before_ms`; the scan stops at the first kept.
void drop_oldest(store::Txn& txn, MDB_dbi db, std::string_view head, uint64_t first_kept, int64_t before_ms) {
    std::vector<std::string> doomed;
    txn.scan(db, head, [&](std::string_view k, std::string_view v) {
        if (k.size() == head.size()) return true;  // the counter
        if (turn_seq(k) >= first_kept && (before_ms == 0 || turn_ts(v) >= before_ms)) return false;
        doomed.emplace_back(k);
        return true;
    });
    for (const std::string& k : doomed) txn.del(db, k);
}

// A turn record belongs to `session` (not to another id with the same hash).
bool belongs(std::string_view json, std::string_view session) {
    simdjson::dom::object o;
    std::string_view s;
    return parse_stored(json).get(o) == simdjson::SUCCESS && o["session"].get(s) == simdjson::SUCCESS && s == session;
}

}  // namespace

std::string encode_turn(const StoredTurn& t) {
    std::string out;
    JsonWriter w(out);
    w.begin_object().key("session").str(t.session).key("seq").num(t.seq);
    w.key("role").str(t.role).key("content").str(t.content).key("run").str(t.run);
    w.key("cached").boolean(t.cached).key("ts").num(t.ts_ms).end_object();
    return out;
}

StoredTurn make_turn(std::string role, std::string content, std::string run, bool cached, int64_t ts_ms) {
    StoredTurn t;
    t.role = std::move(role);
    t.content = std::move(content);
    t.run = std::move(run);
    t.cached = cached;
    t.ts_ms = ts_ms;
    return t;
}

void append_turns(store::Txn& txn, std::string_view session, std::vector<StoredTurn> turns, const SessionLimits& limits,
                  int64_t now_ms) {
    MDB_dbi db = *txn.db(kDb);
    std::string head = session_key(session);
    uint64_t seq = next_seq(txn, db, head);
    for (StoredTurn& t : turns) {
        t.session = session;
        t.seq = seq;
        txn.put(db, turn_key(head, seq++), encode_turn(t));
    }
    txn.put(db, head, encode_counter(session, seq));
    uint64_t first_kept = limits.max_turns && seq > limits.max_turns ? seq - limits.max_turns : 0;
    int64_t before = limits.ttl_ms > 0 ? now_ms - limits.ttl_ms : 0;
    if (first_kept > 0 || before > 0) drop_oldest(txn, db, head, first_kept, before);
}

void scan_turns(store::Txn& txn, std::string_view session, const std::function<void(std::string_view)>& fn) {
    auto db = txn.db(kDb);
    if (!db) return;
    std::string head = session_key(session);
    txn.scan(*db, head, [&](std::string_view k, std::string_view v) {
        if (k.size() > head.size() && belongs(v, session)) fn(v);
        return true;
    });
}

std::vector<Turn> session_history(store::Txn& txn, std::string_view session, size_t last_n, int64_t since_ms) {
    std::vector<std::string> records;
    scan_turns(txn, session, [&](std::string_view v) { records.emplace_back(v); });
    size_t first = records.size() > last_n ? records.size() - last_n : 0;
    std::vector<Turn> history;
    for (size_t i = first; i < records.size(); ++i) {
        simdjson::dom::object o;
        std::string_view role, content;
        int64_t ts = 0;
        if (parse_stored(records[i]).get(o) != simdjson::SUCCESS || o["role"].get(role) || o["content"].get(content))
            continue;
        if (since_ms > 0 && (o["ts"].get(ts) || ts < since_ms)) continue;
        history.push_back({std::string(role), std::string(content)});
    }
    return history;
}

size_t forget_session(store::Txn& txn, std::string_view session) {
    auto db = txn.db(kDb);
    if (!db) return 0;
    std::string head = session_key(session);
    std::vector<std::string> keys;
    txn.scan(*db, head, [&](std::string_view k, std::string_view) {
        keys.emplace_back(k);
        return true;
    });
    for (const std::string& k : keys) txn.del(*db, k);
    return keys.empty() ? 0 : keys.size() - 1;  // less the counter
}

size_t purge_turns(store::Txn& txn, int64_t before_ms) {
    auto db = txn.db(kDb);
    if (!db) return 0;
    std::vector<std::string> doomed;
    std::string head;       // the counter of the session being scanned
    bool head_kept = true;  // it keeps a turn
    size_t turns = 0;
    auto end_session = [&] {
        if (!head_kept) doomed.push_back(head);
    };
    txn.scan(*db, {}, [&](std::string_view k, std::string_view v) {
        if (k.size() == kKeyBytes) {  // keys sort a counter before its turns
            end_session();
            head = k;
            head_kept = false;
        } else if (before_ms == 0 || turn_ts(v) < before_ms) {
            doomed.emplace_back(k);
            ++turns;
        } else {
            head_kept = true;
        }
        return true;
    });
    end_session();
    for (const std::string& k : doomed) txn.del(*db, k);
    return turns;
}

void scan_sessions(store::Txn& txn, const std::function<bool(std::string_view, std::string_view)>& fn) {
    if (auto db = txn.db(kDb)) txn.scan(*db, {}, fn);
}

SessionCounts count_sessions(store::Txn& txn) {
    SessionCounts c;
    scan_sessions(txn, [&](std::string_view k, std::string_view) {
        ++(k.size() == kKeyBytes ? c.sessions : c.turns);
        return true;
    });
    return c;
}

void put_session_record(store::Txn& txn, std::string_view key, std::string_view value) {
    txn.put(*txn.db(kDb), key, value);
}

}  // namespace rag::cache
