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

/// The shape a request target answers in: OpenAI's under /v1, else rag-sse's own.
/// Refusals made before any route is chosen (limits, the guard, no such
/// endpoint) use it, so an OpenAI client always reads an error object.
ApiShape shape_of_target(std::string_view target);

/// Answers `status` with an error body of `shape`; `extra_headers` as Exchange::respond.
void respond_error(const ExchangePtr& ex, ApiShape shape, int status, std::string_view message,
                   std::string_view code = {}, std::string_view extra_headers = {});
/// The same, in the shape of the exchange's own request target.
void respond_error(const ExchangePtr& ex, int status, std::string_view message, std::string_view extra_headers = {});

}  // namespace rag::http
