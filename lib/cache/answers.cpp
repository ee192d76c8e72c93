// SPDX-License-Identifier: MIT
// Cached answers: JSON records in the "answers" database.
#include "lib/cache/answers.h"

#include <simdjson.h>

#include "lib/core/json_out.h"

namespace rag::cache {
namespace {

constexpr const char* kDb = "answers";

simdjson::dom::parser& parser() {
    thread_local simdjson::dom::parser p;
    return p;
}

template <typename T>
bool read(simdjson::dom::object o, std::string_view k, T& out) {
    return o[k].get(out) == simdjson::SUCCESS;
}

bool read_string(simdjson::dom::object o, std::string_view k, std::string& out) {
    std::string_view v;
    if (!read(o, k, v)) return false;
    out = v;
    return true;
}

bool read_tokens(simdjson::dom::object o, Answer& a) {
    simdjson::dom::array list;
    if (!read(o, "tokens", list)) return false;
    uint64_t total = 0;
    for (simdjson::dom::element e : list) {
        uint64_t n;
        if (e.get(n) != simdjson::SUCCESS) return false;
        a.tokens.push_back(static_cast<uint32_t>(n));
        total += n;
    }
    return total == a.answer.size();
}

}  // namespace

std::string encode_answer(const Answer& a) {
    std::string out;
    JsonWriter w(out);
    w.begin_object().key("query").str(a.query).key("corpus_id").str(a.corpus_id);
    w.key("generation").num(a.generation).key("model").str(a.model);
    w.key("created").num(a.created_ms).key("answer").str(a.answer);
    w.key("tokens").begin_array();
    for (uint32_t n : a.tokens) w.num(int64_t{n});
    w.end_array().key("sources");
    a.sources.empty() ? w.null() : w.raw(a.sources);
    w.end_object();
    return out;
}

std::optional<Answer> decode_answer(std::string_view json) {
    simdjson::dom::object o;
    // The map is not padded: simdjson copies the value into its own buffer.
    if (parser().parse(json.data(), json.size(), true).get(o) != simdjson::SUCCESS) return std::nullopt;
    Answer a;
    int64_t created;
    if (!read_string(o, "query", a.query) || !read_string(o, "corpus_id", a.corpus_id) ||
        !read(o, "generation", a.generation) || !read_string(o, "model", a.model) ||
        !read(o, "created", created) || !read_string(o, "answer", a.answer) || !read_tokens(o, a))
        return std::nullopt;
    a.created_ms = created;
    simdjson::dom::element sources;
    if (o["sources"].get(sources) == simdjson::SUCCESS && !sources.is_null())
        a.sources = simdjson::minify(sources);
    return a;
}

std::optional<Answer> get_answer(store::Txn& txn, std::string_view key) {
    auto db = txn.db(kDb);
    if (!db) return std::nullopt;
    auto value = txn.get(*db, key);
    if (!value) return std::nullopt;
    return decode_answer(*value);
}

void put_answer(store::Txn& txn, std::string_view key, const Answer& a) {
    txn.put(*txn.db(kDb), key, encode_answer(a));
}

void scan_answers(store::Txn& txn, const std::function<bool(std::string_view, std::string_view)>& fn) {
    if (auto db = txn.db(kDb)) txn.scan(*db, {}, fn);
}

size_t purge_answers(store::Txn& txn, const std::function<bool(const Answer&)>& doomed) {
    auto db = txn.db(kDb);
    if (!db) return 0;
    if (!doomed) {
        size_t n = count_answers(txn);
        if (int rc = mdb_drop(txn.get(), *db, 0)) throw store::StoreError(rc, mdb_strerror(rc));
        return n;
    }
    std::vector<std::string> keys;   // a cursor cannot both scan and delete through Txn
    txn.scan(*db, {}, [&](std::string_view k, std::string_view v) {
        auto a = decode_answer(v);
        if (!a || doomed(*a)) keys.emplace_back(k);
        return true;
    });
    for (const std::string& k : keys) txn.del(*db, k);
    return keys.size();
}

size_t count_answers(store::Txn& txn) {
    auto db = txn.db(kDb);
    if (!db) return 0;
    MDB_stat st;
    if (int rc = mdb_stat(txn.get(), *db, &st)) throw store::StoreError(rc, mdb_strerror(rc));
    return st.ms_entries;
}

}  // namespace rag::cache
