// SPDX-License-Identifier: MIT
// Chat backends: model names, the prompt, request bodies and decoders of streamed answers.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "lib/backends/extractive.h"
#include "lib/core/model.h"
#include "lib/core/redact.h"  // redact_secret, which the backends apply to their errors

namespace rag {

struct ChatMessage {
    std::string role;  ///< "system", "user" or "assistant"
    std::string content;
};

/// The built-in system prompt (replaced by --system FILE).
extern const std::string_view kDefaultSystemPrompt;

struct PromptInput {
    std::string_view system;
    std::string_view client_system;  ///< a request's own system message: follows the operator's prompt
    const std::vector<Passage>* passages = nullptr;
    std::vector<ChatMessage> history;  ///< earlier turns, oldest first
    std::string_view question;
    int history_turns = 5;  ///< the last N turns of history are kept
};

/// The messages sent to a chat model: the system prompt (then the client's), the last
/// `history_turns` turns, then one user message with the numbered passages
/// ("[1] title (doc)" and text) and the question.
std::vector<ChatMessage> build_messages(const PromptInput& in);

struct ChatOptions {
    std::string model;
    double temperature = 0.2;
    int max_tokens = 1024;
    double top_p = -1;  ///< < 0: the server's own
    std::vector<std::string> stop;
};

/// The JSON bodies of a streamed chat request.
std::string ollama_request_body(const std::vector<ChatMessage>& messages, const ChatOptions& o);
std::string openai_request_body(const std::vector<ChatMessage>& messages, const ChatOptions& o);

/// The endpoint for a server base URL: ".../api/chat" or ".../v1/chat/completions"
/// (a URL already ending so is kept; an OpenAI base ending in "/v1" is completed).
std::string ollama_endpoint(std::string_view base);
std::string openai_endpoint(std::string_view base);

/// The most of a server's words an error passes on, in bytes: a backend may
/// answer with a whole HTML page, or a JSON error of 60 KB.
constexpr size_t kMaxErrorMessage = 300;

/// `message` cut to kMaxErrorMessage bytes (at a character boundary, trailing
/// space dropped) and made valid UTF-8.
std::string capped_message(std::string_view message);

/// The message of an HTTP error response: the server's own words when the
/// body is JSON with "error" (a string, or an object with "message"), else the
/// body as text; capped, and prefixed by the status ("HTTP 404: ...").
std::string http_error_message(long status, std::string_view body);

/// Decodes one streamed answer body. Text pieces are handed on as they are
/// decoded; a fault (an error object in the stream, a malformed chunk) stops
/// the stream and is kept in error(), capped as capped_message().
class ChatStream {
public:
    using TextFn = std::function<void(std::string_view)>;
    virtual ~ChatStream() = default;

    /// Feeds body bytes as they arrive. False on a fault.
    virtual bool feed(std::string_view bytes, const TextFn& text) = 0;
    /// At the end of the body. False on a fault, or if the final marker
    /// (Ollama's `"done": true`, OpenAI's `[DONE]`) never came.
    virtual bool finish(const TextFn& text) = 0;

    bool complete() const { return complete_; }
    const std::string& error() const { return error_; }
    /// Tokens the server counted (eval_count, usage.completion_tokens); -1 if not sent.
    int64_t tokens() const { return tokens_; }
    /// The server stopped at the token limit (Ollama's done_reason, OpenAI's finish_reason "length").
    bool truncated() const { return truncated_; }

protected:
    bool fail(std::string message);

    bool complete_ = false;
    std::string error_;
    int64_t tokens_ = -1;
    bool truncated_ = false;
};

/// Ollama's /api/chat stream: NDJSON objects with message.content, the last
/// with "done": true (and eval_count); {"error": "..."} reports a fault.
std::unique_ptr<ChatStream> make_ollama_stream();

/// An OpenAI-compatible /v1/chat/completions stream: SSE `data:` lines with
/// chunk objects (choices[0].delta.content; a role-only first delta; a
/// finish_reason; usage when sent), ended by `data: [DONE]`. An "error"
/// object or an `event: error` reports a fault.
std::unique_ptr<ChatStream> make_openai_stream();

}  // namespace rag
