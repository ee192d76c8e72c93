// SPDX-License-Identifier: MIT
// GET /api/sessions/ID: the turns of a chat session, so a page that reloads shows its conversation.
#include "lib/http/sessions_api.h"

#include <algorithm>

#include "lib/core/error.h"
#include "lib/core/json_out.h"
#include "lib/http/reply.h"

namespace rag::http {
namespace {

constexpr std::string_view kJson = "application/json";

bool valid_session_id(std::string_view id) {
    return !id.empty() && id.size() <= kMaxSessionIdBytes &&
           std::none_of(id.begin(), id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

}  // namespace

Routes::Handler sessions_handler(SessionTurns turns) {
    return [turns = std::move(turns)](const ExchangePtr& ex) {
        std::string_view id = std::string_view(ex->request().path).substr(kSessionsPrefix.size());
        if (!valid_session_id(id))
            return ex->respond(400, kJson,
                               json_error("a session id is 1 to 256 bytes with no control characters"));
        std::string array = "[]";
        try {
            if (turns) array = turns(id);
        } catch (const std::exception& e) {
            warnf("cannot read session turns: {}", e.what());
            return ex->respond(503, kJson, json_error("cannot read the session store"), "Retry-After: 5\r\n");
        }
        std::string body;
        JsonWriter(body).begin_object().key("session_id").str(id).key("turns").raw(array).end_object();
        ex->respond(200, kJson, body, "Cache-Control: no-store\r\n");
    };
}

}  // namespace rag::http
