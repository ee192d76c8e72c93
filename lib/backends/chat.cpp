// SPDX-License-Identifier: MIT
// Chat backends: model names, the prompt, endpoints and HTTP error messages.
#include "lib/backends/chat.h"

#include <algorithm>
#include <cctype>

#include <simdjson.h>

#include "lib/core/json_out.h"

namespace rag {

const std::string_view kDefaultSystemPrompt =
    "You answer questions using only the numbered passages given with the question. "
    "Cite the passages you use by number in square brackets, like [1] or [2][3], right after "
    "the statement they support. If the passages do not contain the answer, say so plainly "
    "instead of guessing. Answer concisely, in the language of the question.";

std::vector<ChatMessage> build_messages(const PromptInput& in) {
    std::vector<ChatMessage> messages;
    // The operator's prompt comes first, so a client's instructions refine it but never drop the passages' rules.
    std::string system(in.system);
    if (!in.client_system.empty()) system.append(system.empty() ? "" : "\n\n").append(in.client_system);
    messages.push_back({"system", std::move(system)});
    size_t keep = static_cast<size_t>(std::max(in.history_turns, 0));
    size_t first = in.history.size() > keep ? in.history.size() - keep : 0;
    for (size_t i = first; i < in.history.size(); ++i) messages.push_back(in.history[i]);
    std::string user = "Passages:\n";
    if (in.passages) {
        for (size_t i = 0; i < in.passages->size(); ++i) {
            const Passage& p = (*in.passages)[i];
            user += "\n[" + std::to_string(i + 1) + "]";
            if (!p.title.empty()) user += " " + p.title;
            if (!p.doc.empty()) user += " (" + p.doc + ")";
            user += "\n" + p.text + "\n";
        }
        if (in.passages->empty()) user += "(none)\n";
    }
    user += "\nQuestion: ";
    user += in.question;
    messages.push_back({"user", std::move(user)});
    return messages;
}

namespace {

void write_messages(JsonWriter& w, const std::vector<ChatMessage>& messages) {
    w.key("messages").begin_array();
    for (const ChatMessage& m : messages)
        w.begin_object().key("role").str(m.role).key("content").str(m.content).end_object();
    w.end_array();
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string without_slash(std::string_view base) {
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    std::string url(base);
    if (url.find("://") == std::string::npos) url = "http://" + url;  // OLLAMA_HOST=host:port
    return url;
}

// top_p and stop, under the same names in Ollama's options and OpenAI's body; only when asked for.
void write_sampling(JsonWriter& w, const ChatOptions& o) {
    if (o.top_p >= 0) w.key("top_p").num(o.top_p);
    if (o.stop.empty()) return;
    w.key("stop").begin_array();
    for (const std::string& s : o.stop) w.str(s);
    w.end_array();
}

}  // namespace

std::string ollama_request_body(const std::vector<ChatMessage>& messages, const ChatOptions& o) {
    std::string body;
    JsonWriter w(body);
    w.begin_object().key("model").str(o.model);
    write_messages(w, messages);
    w.key("stream").boolean(true);
    w.key("options").begin_object().key("temperature").num(o.temperature).key("num_predict").num(o.max_tokens);
    write_sampling(w, o);
    w.end_object().end_object();
    return body;
}

std::string openai_request_body(const std::vector<ChatMessage>& messages, const ChatOptions& o) {
    std::string body;
    JsonWriter w(body);
    w.begin_object().key("model").str(o.model);
    write_messages(w, messages);
    w.key("stream").boolean(true);
    w.key("stream_options").begin_object().key("include_usage").boolean(true).end_object();
    w.key("temperature").num(o.temperature).key("max_tokens").num(o.max_tokens);
    write_sampling(w, o);
    w.end_object();
    return body;
}

std::string ollama_endpoint(std::string_view base) {
    std::string url = without_slash(base);
    return ends_with(url, "/api/chat") ? url : url + "/api/chat";
}

std::string openai_endpoint(std::string_view base) {
    std::string url = without_slash(base);
    if (ends_with(url, "/chat/completions")) return url;
    return ends_with(url, "/v1") ? url + "/chat/completions" : url + "/v1/chat/completions";
}

std::string capped_message(std::string_view message) {
    std::string_view head = message.substr(0, kMaxErrorMessage);
    std::string text = valid_utf8(head.substr(0, utf8_complete_prefix(head)));
    // Replacement characters are longer than the bytes they stand for: cut again.
    text.resize(utf8_complete_prefix(std::string_view(text).substr(0, kMaxErrorMessage)));
    while (!text.empty() && isspace(static_cast<unsigned char>(text.back()))) text.pop_back();
    return text;
}

std::string http_error_message(long status, std::string_view body) {
    std::string message;
    simdjson::dom::parser parser;
    simdjson::dom::element doc, error;
    if (!parser.parse(body).get(doc) && !doc["error"].get(error)) {
        std::string_view s;
        if (!error.get_string().get(s) || !error["message"].get_string().get(s)) message = capped_message(s);
    }
    if (message.empty()) message = capped_message(body);
    return "HTTP " + std::to_string(status) + (message.empty() ? "" : ": " + message);
}

bool ChatStream::fail(std::string message) {
    if (error_.empty()) error_ = capped_message(message);
    if (error_.empty()) error_ = "an error with no message";  // a fault must say it is one
    return false;
}

}  // namespace rag
