// SPDX-License-Identifier: MIT
// Refusals in the shape of the API that was asked: rag-sse's own, or OpenAI's error object.
#include "lib/http/openai_error.h"

#include "lib/core/json_out.h"
#include "lib/http/reply.h"

namespace rag::http {
namespace {

std::string_view error_type(int status) {
    if (status == 401) return "authentication_error";
    if (status == 429) return "rate_limit_error";
    if (status >= 500) return "server_error";
    return "invalid_request_error";
}

void null_or_str(JsonWriter& w, std::string_view s) { s.empty() ? w.null() : w.str(s); }

}  // namespace

std::string openai_error(int status, std::string_view message, std::string_view code, std::string_view param) {
    std::string s;
    JsonWriter w(s);
    w.begin_object().key("error").begin_object().key("message").str(message).key("type").str(error_type(status));
    w.key("param");
    null_or_str(w, param);
    w.key("code");
    null_or_str(w, code);
    w.end_object().end_object();
    return s;
}

ApiShape shape_of_target(std::string_view target) {
    bool v1 = target.starts_with("/v1") && (target.size() == 3 || target[3] == '/' || target[3] == '?');
    return v1 ? ApiShape::openai : ApiShape::native;
}

void respond_error(const ExchangePtr& ex, int status, std::string_view message, std::string_view extra_headers) {
    respond_error(ex, shape_of_target(ex->request().target), status, message, {}, extra_headers);
}

void respond_error(const ExchangePtr& ex, ApiShape shape, int status, std::string_view message, std::string_view code,
                   std::string_view extra_headers) {
    std::string body = shape == ApiShape::openai ? openai_error(status, message, code) : json_error(message);
    ex->respond(status, "application/json", body, extra_headers);
}

}  // namespace rag::http
