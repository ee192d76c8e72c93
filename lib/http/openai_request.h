// SPDX-License-Identifier: MIT
// The body of POST /v1/chat/completions: messages to query, history and system; model; streaming.
#pragma once

#include <string>
#include <string_view>

#include "lib/core/request.h"

namespace rag::http {

/// Why a completion request was refused, as OpenAI's error object names it.
struct OpenAIRequestError {
    int status = 0;  ///< 0: valid
    std::string message;
    std::string param;  ///< the field at fault, or empty
    std::string code;   ///< e.g. "model_not_found", or empty
};

/// A completion request: the pipeline request and how to answer it.
struct OpenAIRequest {
    rag::Request request;       ///< query: the last user message; history: the user/assistant turns before it;
                                ///< sampling.system: the system and developer messages, joined
    std::string model = "rag";  ///< as the client named it, echoed in every chunk
    bool stream = false;
    bool include_usage = false;  ///< stream_options.include_usage
    OpenAIRequestError error;
    bool ok() const { return error.status == 0; }
};

/// Validates the JSON body. temperature, top_p, max_tokens (or
/// max_completion_tokens) and stop go on the request's sampling; fields rag
/// cannot use (tools, ...) are ignored as unknown ones are; `n` other than 1 is a 400.
OpenAIRequest parse_openai_request(std::string_view body);

}  // namespace rag::http
