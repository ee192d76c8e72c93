// SPDX-License-Identifier: MIT
// The chat request carried by a `request` event, and the rules every stage shares about it.
#include "lib/core/request.h"

#include <sys/random.h>
#include <algorithm>
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
    if (r.cached) w.key("cached").boolean(true);
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
