// SPDX-License-Identifier: MIT
// The body of POST /v1/chat/completions: messages to query, history and system; model; streaming.
#include "lib/http/openai_request.h"

#include <fmt/format.h>
#include <simdjson.h>

namespace rag::http {
namespace {

using simdjson::dom::element;
using simdjson::dom::object;

bool refuse(OpenAIRequest& r, std::string param, std::string message) {
    r.error = {400, std::move(message), std::move(param), {}};
    return false;
}

// A message's text: a string, or the text parts of an array of content parts.
bool message_text(element content, std::string& out) {
    std::string_view s;
    if (content.get_string().get(s) == simdjson::SUCCESS) {
        out = s;
        return true;
    }
    simdjson::dom::array parts;
    if (content.get_array().get(parts) != simdjson::SUCCESS) return false;
    for (element part : parts) {
        std::string_view type, text;
        if (part["type"].get_string().get(type) != simdjson::SUCCESS) return false;
        if (type != "text") continue;  // images and audio: nothing a text retriever can use
        if (part["text"].get_string().get(text) != simdjson::SUCCESS) return false;
        if (!out.empty()) out += '\n';
        out += text;
    }
    return true;
}

// The last user message is the query; user and assistant messages before it are the history.
bool take_messages(object obj, OpenAIRequest& r) {
    simdjson::dom::array messages;
    if (obj["messages"].get_array().get(messages) != simdjson::SUCCESS)
        return refuse(r, "messages", "'messages' is required and must be an array of {role, content}");
    std::vector<Turn> turns;
    for (element m : messages) {
        std::string_view role;
        std::string text;
        element content;
        if (m["role"].get_string().get(role) != simdjson::SUCCESS)
            return refuse(r, "messages", "every message needs a string 'role'");
        if (m["content"].get(content) == simdjson::SUCCESS && !content.is_null() && !message_text(content, text))
            return refuse(r, "messages", "a message's 'content' must be a string or an array of content parts");
        if (role == "system" || role == "developer") {
            std::string& system = r.request.sampling.system;
            system += (system.empty() ? "" : "\n") + text;
        }
        else if (role == "user" || role == "assistant") turns.push_back({std::string(role), std::move(text)});
    }
    while (!turns.empty() && turns.back().role != "user") turns.pop_back();  // nothing asked after the last answer
    if (turns.empty() || turns.back().content.find_first_not_of(" \t\r\n") == std::string::npos)
        return refuse(r, "messages", "'messages' must end with a non-empty user message");
    r.request.query = std::move(turns.back().content);
    turns.pop_back();
    r.request.history = std::move(turns);
    return true;
}

// A number in [lo, hi] into `out`; absent or null leaves it unset.
bool take_number(object obj, const char* key, double lo, double hi, double& out, OpenAIRequest& r) {
    element v;
    if (obj[key].get(v) != simdjson::SUCCESS || v.is_null()) return true;
    double d = 0;
    if (v.get_double().get(d) != simdjson::SUCCESS || d < lo || d > hi)
        return refuse(r, key, fmt::format("'{}' must be a number from {:g} to {:g}", key, lo, hi));
    out = d;
    return true;
}

bool take_max_tokens(object obj, OpenAIRequest& r) {
    for (const char* key : {"max_completion_tokens", "max_tokens"}) {  // the new name wins
        element v;
        if (obj[key].get(v) != simdjson::SUCCESS || v.is_null()) continue;
        int64_t n = 0;
        if (v.get_int64().get(n) != simdjson::SUCCESS || n < 1 || n > (1 << 24))
            return refuse(r, key, fmt::format("'{}' must be a positive integer", key));
        r.request.sampling.max_tokens = static_cast<int>(n);
        return true;
    }
    return true;
}

// "stop": a string, or an array of up to 4 strings.
bool take_stop(object obj, OpenAIRequest& r) {
    constexpr size_t kMaxStops = 4;
    element v;
    if (obj["stop"].get(v) != simdjson::SUCCESS || v.is_null()) return true;
    std::string_view s;
    if (v.get_string().get(s) == simdjson::SUCCESS) {
        r.request.sampling.stop.emplace_back(s);
        return true;
    }
    simdjson::dom::array list;
    if (v.get_array().get(list) != simdjson::SUCCESS || list.size() > kMaxStops)
        return refuse(r, "stop", "'stop' must be a string or an array of up to 4 strings");
    for (element e : list) {
        if (e.get_string().get(s) != simdjson::SUCCESS)
            return refuse(r, "stop", "'stop' must be a string or an array of up to 4 strings");
        r.request.sampling.stop.emplace_back(s);
    }
    return true;
}

bool take_sampling(object obj, OpenAIRequest& r) {
    rag::Sampling& s = r.request.sampling;
    return take_number(obj, "temperature", 0, 2, s.temperature, r) && take_number(obj, "top_p", 0, 1, s.top_p, r) &&
           take_max_tokens(obj, r) && take_stop(obj, r);
}

bool take_options(object obj, OpenAIRequest& r) {
    element v;
    if (obj["model"].get(v) == simdjson::SUCCESS && !v.is_null()) {
        std::string_view model;
        if (v.get_string().get(model) != simdjson::SUCCESS || model.empty())
            return refuse(r, "model", "'model' must be a non-empty string");
        r.model = model;
    }
    if (obj["n"].get(v) == simdjson::SUCCESS && !v.is_null()) {
        int64_t n = 0;
        if (v.get_int64().get(n) != simdjson::SUCCESS || n != 1)
            return refuse(r, "n", "only one choice per request is supported ('n' must be 1)");
    }
    if (obj["stream"].get(v) == simdjson::SUCCESS && !v.is_null() && v.get_bool().get(r.stream) != simdjson::SUCCESS)
        return refuse(r, "stream", "'stream' must be a boolean");
    if (obj["stream_options"]["include_usage"].get(v) == simdjson::SUCCESS && !v.is_null() &&
        v.get_bool().get(r.include_usage) != simdjson::SUCCESS)
        return refuse(r, "stream_options.include_usage", "'stream_options.include_usage' must be a boolean");
    return true;
}

}  // namespace

OpenAIRequest parse_openai_request(std::string_view body) {
    OpenAIRequest r;
    simdjson::dom::parser parser;
    element doc;
    object obj;
    if (auto e = parser.parse(body.data(), body.size()).get(doc); e != simdjson::SUCCESS)
        refuse(r, {}, std::string("malformed JSON body: ") + simdjson::error_message(e));
    else if (doc.get_object().get(obj) != simdjson::SUCCESS) refuse(r, {}, "the body must be a JSON object");
    else if (take_messages(obj, r) && take_options(obj, r)) take_sampling(obj, r);
    return r;
}

}  // namespace rag::http
