// SPDX-License-Identifier: MIT
// The chat request carried by a `request` event, and the rules every stage shares about it.
#include "lib/core/request.h"

#include <sys/random.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <random>

#include <fmt/format.h>

namespace rag {

Request parse_request(const Event& ev) {
    Request r;
    r.query = std::string(ev.str("query"));
    r.corpus_id = std::string(ev.str("corpus_id"));
    r.session_id = std::string(ev.str("session_id"));
    r.use_cache = ev.flag("use_cache", true);
    r.cached = ev.flag("cached", false);
    r.model = std::string(ev.str("model"));
    r.top_k = static_cast<int>(std::clamp<int64_t>(ev.integer("top_k", kDefaultTopK), 1, kMaxTopK));
    r.sampling.temperature = ev.number("temperature", -1);
    r.sampling.top_p = ev.number("top_p", -1);
    r.sampling.max_tokens = static_cast<int>(std::clamp<int64_t>(ev.integer("max_tokens", 0), 0, 1 << 24));
    r.sampling.system = std::string(ev.str("system"));
    simdjson::dom::array stop;
    if (ev.data["stop"].get_array().get(stop) == simdjson::SUCCESS)
        for (simdjson::dom::element s : stop)
            if (std::string_view v; s.get_string().get(v) == simdjson::SUCCESS) r.sampling.stop.emplace_back(v);
    simdjson::dom::array history;
    if (ev.data["history"].get_array().get(history) == simdjson::SUCCESS) {
        for (simdjson::dom::element turn : history) {
            std::string_view role, content;
            if (turn["role"].get_string().get(role) != simdjson::SUCCESS) role = "user";
            if (turn["content"].get_string().get(content) != simdjson::SUCCESS) continue;
            r.history.push_back({std::string(role), std::string(content)});
        }
    }
    return r;
}

void write_request(JsonWriter& w, const Request& r) {
    w.key("query").str(r.query);
    w.key("history").begin_array();
    for (const Turn& t : r.history) w.begin_object().key("role").str(t.role).key("content").str(t.content).end_object();
    w.end_array();
    w.key("corpus_id");
    r.corpus_id.empty() ? w.null() : w.str(r.corpus_id);
    w.key("session_id");
    r.session_id.empty() ? w.null() : w.str(r.session_id);
    w.key("use_cache").boolean(r.use_cache);
    w.key("top_k").num(r.top_k);
    if (!r.model.empty()) w.key("model").str(r.model);
    const Sampling& s = r.sampling;
    if (s.temperature >= 0) w.key("temperature").num(s.temperature);
    if (s.top_p >= 0) w.key("top_p").num(s.top_p);
    if (s.max_tokens > 0) w.key("max_tokens").num(s.max_tokens);
    if (!s.stop.empty()) {
        w.key("stop").begin_array();
        for (const std::string& t : s.stop) w.str(t);
        w.end_array();
    }
    if (!s.system.empty()) w.key("system").str(s.system);
    if (r.cached) w.key("cached").boolean(true);
}

bool is_request_field(std::string_view key) {
    static constexpr std::array<std::string_view, 13> kFields = {
        "query", "history", "corpus_id",  "session_id", "use_cache", "top_k",  "model",
        "cached", "temperature", "top_p", "max_tokens", "stop", "system"};
    return std::find(kFields.begin(), kFields.end(), key) != kFields.end();
}

std::string sampling_key(const Sampling& s) {
    if (s.empty()) return {};
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    if (s.temperature >= 0) w.key("temperature").num(s.temperature);
    if (s.top_p >= 0) w.key("top_p").num(s.top_p);
    if (s.max_tokens > 0) w.key("max_tokens").num(s.max_tokens);
    w.key("stop").begin_array();
    for (const std::string& t : s.stop) w.str(t);
    w.end_array();
    if (!s.system.empty()) w.key("system").str(s.system);  // only when set: older keys stay valid
    w.end_object();
    return out;
}

std::string new_run_id() {
    uint64_t bits = 0;
    if (getrandom(&bits, sizeof bits, 0) != sizeof bits) bits = std::random_device{}();
    return fmt::format("r{:012x}", bits & 0xFFFFFFFFFFFFull);
}

std::string contextualized_query(const Request& r, int turns) {
    std::string out;
    size_t first = r.history.size() > static_cast<size_t>(turns) ? r.history.size() - turns : 0;
    for (size_t i = first; i < r.history.size(); ++i) {
        std::string role = r.history[i].role;
        if (!role.empty()) role[0] = static_cast<char>(toupper(static_cast<unsigned char>(role[0])));
        fmt::format_to(std::back_inserter(out), "{}: {}\n", role, r.history[i].content);
    }
    if (!out.empty()) out.push_back('\n');
    fmt::format_to(std::back_inserter(out), "User: {}", r.query);
    return out;
}

}  // namespace rag
