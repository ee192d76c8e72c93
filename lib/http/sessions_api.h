// SPDX-License-Identifier: MIT
// GET /api/sessions/ID: the turns of a chat session, so a page that reloads shows its conversation.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "lib/http/routes.h"

namespace rag::http {

/// The turns of a session as a JSON array, oldest first ("[]" for a session
/// that has none). Throws std::exception when the store cannot be read.
/// rag-sse reads them from the cache (lib/cache/session_reader.h); lib/http
/// knows nothing of storage.
using SessionTurns = std::function<std::string(std::string_view session_id)>;

constexpr std::string_view kSessionsPrefix = "/api/sessions/";
constexpr size_t kMaxSessionIdBytes = 256;

/// Answers GET /api/sessions/ID with {"session_id": ID, "turns": [...]}: 200
/// with no turns for a session never stored (a new chat is not an error),
/// 400 for an ID over kMaxSessionIdBytes or holding control characters, 503
/// when the turns cannot be read.
Routes::Handler sessions_handler(SessionTurns turns);

}  // namespace rag::http
