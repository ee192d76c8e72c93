// SPDX-License-Identifier: MIT
// Chat request validation: the seed's JSON body (POST) or query parameters (GET).
#include "lib/http/chat_request.h"

#include <cstdlib>
#include <set>

#include <fmt/format.h>
#include <simdjson.h>

#include "lib/core/json_out.h"

namespace rag::http {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

constexpr int kUnprocessable = 422;
constexpr std::string_view kQueryRequired = "'query' is required and must be a non-empty string";
constexpr std::string_view kHistoryShape = "'history' must be an array of {role, content}";

bool blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

ChatRequest refused(int status, std::string message) { return {{}, {status, std::move(message)}}; }

// The one check of top_k, for bodies and parameters alike.
bool set_top_k(int64_t k, rag::Request& r, ChatRequestError& err) {
    if (k < 1 || k > kMaxTopK) {
        err = {kUnprocessable, fmt::format("'top_k' must be an integer from 1 to {}", kMaxTopK)};
        return false;
    }
    r.top_k = static_cast<int>(k);
    return true;
}

// A field present and not null.
bool given(object obj, const char* key, element& v) { return obj[key].get(v) == simdjson::SUCCESS && !v.is_null(); }

bool optional_string(object obj, const char* key, std::string& out, ChatRequestError& err) {
    element v;
    if (!given(obj, key, v)) return true;
    std::string_view s;
    if (v.get_string().get(s) != simdjson::SUCCESS) {
        err = {kUnprocessable, fmt::format("'{}' must be a string or null", key)};
        return false;
    }
    out = s;
    return true;
}

bool parse_history(object obj, rag::Request& r, ChatRequestError& err) {
    element v;
    if (!given(obj, "history", v)) return true;
    simdjson::dom::array turns;
    if (v.get_array().get(turns) != simdjson::SUCCESS) {
        err = {kUnprocessable, std::string(kHistoryShape)};
        return false;
    }
    for (element t : turns) {
        std::string_view role, content;
        if (t["role"].get_string().get(role) != simdjson::SUCCESS ||
            t["content"].get_string().get(content) != simdjson::SUCCESS) {
            err = {kUnprocessable, std::string(kHistoryShape)};
            return false;
        }
        r.history.push_back({std::string(role), std::string(content)});
    }
    return true;
}

bool parse_flags(object obj, rag::Request& r, ChatRequestError& err) {
    element v;
    if (given(obj, "use_cache", v) && v.get_bool().get(r.use_cache) != simdjson::SUCCESS) {
        err = {kUnprocessable, "'use_cache' must be a boolean"};
        return false;
    }
    if (!given(obj, "top_k", v)) return true;
    int64_t k = 0;
    if (v.get_int64().get(k) != simdjson::SUCCESS) k = 0;  // not an integer: refused as out of range
    return set_top_k(k, r, err);
}

// JSON leaves duplicate names undefined (RFC 8259 4) and parsers disagree on
// which one wins, so a body that names a field twice is refused.
std::string_view duplicate_key(object obj) {
    std::set<std::string_view> seen;
    for (auto field : obj)
        if (!seen.insert(field.key).second) return field.key;
    return {};
}

}  // namespace

ChatRequest parse_chat_body(std::string_view body) {
    simdjson::dom::parser parser;
    element doc;
    if (auto e = parser.parse(body.data(), body.size()).get(doc); e != simdjson::SUCCESS)
        return refused(400, fmt::format("malformed JSON body: {}", simdjson::error_message(e)));
    object obj;
    if (doc.get_object().get(obj) != simdjson::SUCCESS)
        return refused(kUnprocessable, "the body must be a JSON object");
    if (std::string_view dup = duplicate_key(obj); !dup.empty())
        return refused(400, fmt::format("the body names '{}' more than once", dup));
    std::string_view query;
    if (obj["query"].get_string().get(query) != simdjson::SUCCESS || blank(query))
        return refused(kUnprocessable, std::string(kQueryRequired));
    ChatRequest out;
    rag::Request& r = out.request;
    r.query = query;
    ChatRequestError& err = out.error;
    if (parse_history(obj, r, err) && optional_string(obj, "corpus_id", r.corpus_id, err) &&
        optional_string(obj, "session_id", r.session_id, err) && optional_string(obj, "model", r.model, err))
        parse_flags(obj, r, err);
    return out;
}

ChatRequest parse_chat_params(const http::Request& q) {
    ChatRequest out;
    rag::Request& r = out.request;
    r.query = q.param("query");
    if (blank(r.query)) return refused(kUnprocessable, std::string(kQueryRequired));
    r.session_id = q.param("session_id");
    r.corpus_id = q.param("corpus_id");
    r.model = q.param("model");
    std::string use_cache = q.param("use_cache");
    if (!use_cache.empty()) r.use_cache = !(use_cache == "false" || use_cache == "0" || use_cache == "no");
    std::string top_k = q.param("top_k");
    if (top_k.empty()) return out;
    char* end = nullptr;
    long k = strtol(top_k.c_str(), &end, 10);
    set_top_k(*end ? 0 : k, r, out.error);
    return out;
}

ChatRequest parse_chat_request(const http::Request& req) {
    return req.method == "GET" ? parse_chat_params(req) : parse_chat_body(req.body);
}

}  // namespace rag::http
