// SPDX-License-Identifier: MIT
// Credentials blanked from text that may be logged or passed on: one owner for every tool.
#pragma once

#include <string>
#include <string_view>

namespace rag {

/// `message` with every word that shows `secret` or a part of it blanked to
/// "[redacted]": the whole secret, a word holding its first 6 bytes, or a word
/// of 8+ bytes holding its last 4 (OpenAI's 401 prints "sk-proj-****abcd").
/// A secret shorter than 8 bytes is left alone (too short to spot safely).
std::string redact_secret(std::string_view message, std::string_view secret);

/// True for a parameter name that names a credential: access_token,
/// api_key, client_secret, password, auth, signature, ... (case-insensitive).
bool is_credential_name(std::string_view name);

/// `line` with the credentials it may carry blanked to "[redacted]", for a
/// log: the value of every credential-named `name=value` (a query string,
/// an environment assignment), the word after "Bearer" or "Basic", and
/// what follows "Authorization:". Anything else is kept as it is.
std::string redact_credentials(std::string_view line);

}  // namespace rag
