// SPDX-License-Identifier: MIT
// Refusals in the shape of the API that was asked: rag-sse's own, or OpenAI's error object.
#pragma once

#include <string>
#include <string_view>

#include "lib/http/exchange.h"

namespace rag::http {

/// Whose error shape a route answers in.
enum class ApiShape { native, openai };

/// {"error": {"message", "type", "param", "code"}}; `param` and `code` are
/// null when empty, and `type` follows from the status as OpenAI's do.
std::string openai_error(int status, std::string_view message, std::string_view code = {}, std::string_view param = {});

/// Answers `status` with an error body of `shape`; `extra_headers` as Exchange::respond.
void respond_error(const ExchangePtr& ex, ApiShape shape, int status, std::string_view message,
                   std::string_view code = {}, std::string_view extra_headers = {});

}  // namespace rag::http
