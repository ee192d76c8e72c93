// SPDX-License-Identifier: MIT
// Chat request validation: the seed's JSON body (POST) or query parameters (GET).
#pragma once

#include <string>
#include <string_view>

#include "lib/core/request.h"
#include "lib/http/request.h"

namespace rag::http {

/// Why a chat request was refused: the status to answer and the message.
struct ChatRequestError {
    int status = 0;
    std::string message;
};

/// A chat request taken from an HTTP request, or why it is refused.
struct ChatRequest {
    rag::Request request;    ///< fields not given keep rag::Request's defaults
    ChatRequestError error;  ///< status 0: valid
    bool ok() const { return error.status == 0; }
};

/// Validates the JSON body of a POST (400 for malformed JSON, 422 for a
/// wrong field), or the query parameters of a GET (EventSource).
ChatRequest parse_chat_request(const http::Request& req);
ChatRequest parse_chat_body(std::string_view body);
ChatRequest parse_chat_params(const http::Request& req);

}  // namespace rag::http
