// SPDX-License-Identifier: MIT
// The chat page served at GET /.
#pragma once

#include <string_view>

namespace rag::http {

/// The chat page (HTML with an EventSource client).
std::string_view chat_page();

}  // namespace rag::http
