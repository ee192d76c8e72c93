// SPDX-License-Identifier: MIT
// POST /v1/chat/completions: OpenAI's request body as a rag-tools chat request, and its errors.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "lib/core/request.h"

namespace rag::http {

/// OpenAI's error object: {"error": {"message", "type", "param", "code"}}, with its HTTP status.
struct OpenAiError {
    int status = 0;  ///< 0: none
    std::string message, type, param, code;
};

std::string openai_error_body(const OpenAiError& e);

/// The models /v1 answers with: "rag" (the server's own pipeline model) and
/// "rag:extractive" (the offline answerer), as GET /v1/models lists them.
const std::vector<std::string>& openai_models();

struct OpenAiChat {
    rag::Request request;  ///< the last user message is the query; earlier turns the history
    std::string model;     ///< as the client named it, echoed in every chunk
    bool stream = false;
    bool include_usage = false;  ///< stream_options.include_usage
    OpenAiError error;
    bool ok() const { return error.status == 0; }
};

/// Reads a chat.completions body. 400 for malformed JSON, no user message,
/// `n` other than 1 or a field of the wrong type; 404 model_not_found for a
/// model this server does not answer with. Fields this server has no use
/// for are ignored, as OpenAI's servers ignore unknown ones; a `system`
/// message is ignored too (the extractive answerer has no prompt).
OpenAiChat parse_openai_chat(std::string_view body);

}  // namespace rag::http
