// SPDX-License-Identifier: MIT
// A model server that answers a chat by streaming over HTTP: Ollama or OpenAI-compatible.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "lib/backends/chat.h"
#include "lib/backends/http_stream.h"

namespace rag {

/// How to ask one kind of server for a streamed answer, and how to read it.
class ChatBackend {
public:
    virtual ~ChatBackend() = default;
    /// The POST for `messages` (URL, body, headers; timeouts left at their defaults).
    virtual HttpRequest request(const std::vector<ChatMessage>& messages, const ChatOptions& options) const = 0;
    /// A fresh decoder for one answer's body.
    virtual std::unique_ptr<ChatStream> stream() const = 0;
};

/// Ollama's /api/chat at the server `base_url`.
std::unique_ptr<ChatBackend> make_ollama_backend(std::string base_url);
/// /v1/chat/completions at `base_url`, with `api_key` as a bearer token when not empty.
std::unique_ptr<ChatBackend> make_openai_backend(std::string base_url, std::string api_key);

}  // namespace rag
