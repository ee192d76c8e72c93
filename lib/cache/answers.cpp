// SPDX-License-Identifier: MIT
// Cached answers: JSON records in the "answers" database.
#include "lib/cache/answers.h"

#include <cstring>

#include "lib/cache/json.h"
#include "lib/core/json_out.h"

namespace rag::cache {
namespace {

constexpr const char* kDb = "answers";

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

// The field as compact JSON; "" when absent or null.
std::string optional_json(simdjson::dom::object o, std::string_view k) {
    simdjson::dom::element e;
    if (o[k].get(e) != simdjson::SUCCESS || e.is_null()) return {};
    return simdjson::minify(e);
}

// Bump when the layout changes. 'A' records (before verify was kept) still read.
constexpr char kPackVersion = 'B';
constexpr char kPackWithoutVerify = 'A';

template <typename T>
void put_raw(std::string& out, T v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

void put_str(std::string& out, std::string_view s) {
    put_raw(out, static_cast<uint32_t>(s.size()));
    out.append(s);
}

// A bounds-checked reader over a packed record.
struct Unpacker {
    std::string_view in;
    bool ok = true;

    template <typename T>
    T raw() {
        T v{};
        if (in.size() < sizeof v) {
            ok = false;
            return v;
        }
        std::memcpy(&v, in.data(), sizeof v);
        in.remove_prefix(sizeof v);
        return v;
    }
    std::string str() {
        auto n = raw<uint32_t>();
        if (!ok || in.size() < n) {
            ok = false;
            return {};
        }
        std::string s(in.substr(0, n));
        in.remove_prefix(n);
        return s;
    }
};

}  // namespace

std::string pack_answer(const Answer& a) {
    std::string out;
    out.reserve(64 + a.query.size() + a.answer.size() + a.sources.size() + a.verify.size() + 4 * a.tokens.size());
    out.push_back(kPackVersion);
    put_raw(out, a.created_ms);
    put_raw(out, a.generation);
    put_str(out, a.query);
    put_str(out, a.corpus_id);
    put_str(out, a.model);
    put_str(out, a.answer);
    put_str(out, a.sources);
    put_str(out, a.verify);
    put_raw(out, static_cast<uint32_t>(a.tokens.size()));
    for (uint32_t n : a.tokens) put_raw(out, n);
    return out;
}

std::optional<Answer> unpack_answer(std::string_view bytes) {
    if (bytes.empty() || (bytes[0] != kPackVersion && bytes[0] != kPackWithoutVerify)) return std::nullopt;
    Unpacker u{bytes.substr(1)};
    Answer a;
    a.created_ms = u.raw<int64_t>();
    a.generation = u.raw<uint64_t>();
    a.query = u.str();
    a.corpus_id = u.str();
    a.model = u.str();
    a.answer = u.str();
    a.sources = u.str();
    if (bytes[0] == kPackVersion) a.verify = u.str();
    auto n = u.raw<uint32_t>();
    if (!u.ok || u.in.size() != 4 * size_t{n}) return std::nullopt;
    a.tokens.resize(n);
    if (n) std::memcpy(a.tokens.data(), u.in.data(), u.in.size());  // an empty vector's data() may be null
    uint64_t total = 0;
    for (uint32_t t : a.tokens) total += t;
    if (total != a.answer.size()) return std::nullopt;
    return a;
}

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
    w.key("verify");
    a.verify.empty() ? w.null() : w.raw(a.verify);
    w.end_object();
    return out;
}

std::optional<Answer> decode_answer(std::string_view json) {
    simdjson::dom::object o;
    if (parse_stored(json).get(o) != simdjson::SUCCESS) return std::nullopt;
    Answer a;
    int64_t created;
    if (!read_string(o, "query", a.query) || !read_string(o, "corpus_id", a.corpus_id) ||
        !read(o, "generation", a.generation) || !read_string(o, "model", a.model) || !read(o, "created", created) ||
        !read_string(o, "answer", a.answer) || !read_tokens(o, a))
        return std::nullopt;
    a.created_ms = created;
    a.sources = optional_json(o, "sources");
    a.verify = optional_json(o, "verify");  // absent in exports made before it was kept
    return a;
}

std::optional<Answer> get_answer(store::Txn& txn, std::string_view key) {
    auto db = txn.db(kDb);
    if (!db) return std::nullopt;
    auto value = txn.get(*db, key);
    if (!value) return std::nullopt;
    return unpack_answer(*value);
}

void put_answer(store::Txn& txn, std::string_view key, const Answer& a) { txn.put(*txn.db(kDb), key, pack_answer(a)); }

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
    std::vector<std::string> keys;  // a cursor cannot both scan and delete through Txn
    txn.scan(*db, {}, [&](std::string_view k, std::string_view v) {
        auto a = unpack_answer(v);
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
