// SPDX-License-Identifier: MIT
#include "lib/http/openai_request.h"

#include <algorithm>

#include <fmt/format.h>
#include <simdjson.h>

#include "lib/core/json_out.h"

namespace rag::http {
namespace {

using simdjson::dom::element;

OpenAiChat refused(int status, std::string message, std::string param = {}, std::string code = {}) {
    OpenAiChat c;
    c.error = {status, std::move(message), "invalid_request_error", std::move(param), std::move(code)};
    return c;
}

// A message's content: a string, or an array of parts whose text parts are joined.
bool content_text(element v, std::string& out) {
    std::string_view s;
    if (v.get_string().get(s) == simdjson::SUCCESS) {
        out = s;
        return true;
    }
    simdjson::dom::array parts;
    if (v.get_array().get(parts) != simdjson::SUCCESS) return false;
    for (element part : parts) {
        std::string_view type, text;
        if (part["type"].get_string().get(type) != simdjson::SUCCESS) return false;
        if (type != "text") continue;  // images and the like: nothing a passage search can use
        if (part["text"].get_string().get(text) != simdjson::SUCCESS) return false;
        if (!out.empty()) out += '\n';
        out += text;
    }
    return true;
}

// messages → history and query: the last user message asks, the turns before it are the history.
bool read_messages(element messages, rag::Request& r, OpenAiChat& chat) {
    simdjson::dom::array list;
    if (messages.get_array().get(list) != simdjson::SUCCESS) {
        chat = refused(400, "'messages' must be an array of {role, content}", "messages");
        return false;
    }
    std::vector<Turn> turns;
    for (element m : list) {
        std::string_view role;
        element content;
        std::string text;
        if (m["role"].get_string().get(role) != simdjson::SUCCESS || m["content"].get(content) != simdjson::SUCCESS ||
            (!content.is_null() && !content_text(content, text))) {
            chat =
                refused(400, "each message needs a string 'role' and a 'content' string or array of parts", "messages");
            return false;
        }
        if (role == "user" || role == "assistant") turns.push_back({std::string(role), std::move(text)});
    }
    auto last_user = std::find_if(turns.rbegin(), turns.rend(), [](const Turn& t) { return t.role == "user"; });
    if (last_user == turns.rend() || last_user->content.find_first_not_of(" \t\r\n") == std::string::npos) {
        chat = refused(400, "'messages' needs a user message with text to answer", "messages");
        return false;
    }
    r.query = last_user->content;
    turns.erase(std::next(last_user).base(), turns.end());  // the question and anything after it
    r.history = std::move(turns);
    return true;
}

}  // namespace

std::string openai_error_body(const OpenAiError& e) {
    std::string out;
    JsonWriter w(out);
    w.begin_object().key("error").begin_object().key("message").str(e.message).key("type").str(e.type);
    w.key("param");
    e.param.empty() ? w.null() : w.str(e.param);
    w.key("code");
    e.code.empty() ? w.null() : w.str(e.code);
    w.end_object().end_object();
    return out;
}

const std::vector<std::string>& openai_models() {
    static const std::vector<std::string> models = {"rag", "rag:extractive"};
    return models;
}

OpenAiChat parse_openai_chat(std::string_view body) {
    simdjson::dom::parser parser;
    simdjson::padded_string padded(body);
    element doc;
    simdjson::dom::object obj;
    if (parser.parse(padded).get(doc) != simdjson::SUCCESS || doc.get_object().get(obj) != simdjson::SUCCESS)
        return refused(400, "the body must be a JSON object");
    OpenAiChat chat;
    element v;
    std::string_view model = "rag";
    if (obj["model"].get(v) == simdjson::SUCCESS && !v.is_null() && v.get_string().get(model) != simdjson::SUCCESS)
        return refused(400, "'model' must be a string", "model");
    const auto& known = openai_models();
    if (std::find(known.begin(), known.end(), model) == known.end())
        return refused(
            404,
            fmt::format("The model '{}' does not exist; this server answers with: {}", model, fmt::join(known, ", ")),
            "model", "model_not_found");
    chat.model = model;
    if (model.starts_with("rag:")) chat.request.model = std::string(model.substr(4));
    if (obj["n"].get(v) == simdjson::SUCCESS && !v.is_null()) {
        int64_t n = 0;
        if (v.get_int64().get(n) != simdjson::SUCCESS || n != 1)
            return refused(400, "only n = 1 is supported: one answer per request", "n");
    }
    if (obj["stream"].get(v) == simdjson::SUCCESS && !v.is_null() && v.get_bool().get(chat.stream) != simdjson::SUCCESS)
        return refused(400, "'stream' must be a boolean", "stream");
    element options;
    if (obj["stream_options"].get(options) == simdjson::SUCCESS && !options.is_null() &&
        options["include_usage"].get(v) == simdjson::SUCCESS &&
        v.get_bool().get(chat.include_usage) != simdjson::SUCCESS)
        return refused(400, "'stream_options.include_usage' must be a boolean", "stream_options");
    element messages;
    if (obj["messages"].get(messages) != simdjson::SUCCESS) return refused(400, "'messages' is required", "messages");
    if (!read_messages(messages, chat.request, chat)) return chat;
    return chat;
}

}  // namespace rag::http
