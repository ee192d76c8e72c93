// SPDX-License-Identifier: MIT
// Credentials blanked from text that may be logged or passed on: one owner for every tool.
#include "lib/core/redact.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace rag {
namespace {

constexpr std::string_view kRedacted = "[redacted]";
// Where a value ends: a query's next parameter, a word's end, a quote.
constexpr std::string_view kValueEnd = "& \t\r\n\"';,#";

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.'; }

// Whether `word` (lower case) starts at `at`, in any case, and not inside a longer name.
bool starts_with_word(std::string_view text, size_t at, std::string_view word) {
    if (text.size() - at < word.size() || (at > 0 && name_char(text[at - 1]))) return false;
    for (size_t k = 0; k < word.size(); ++k)
        if (std::tolower(static_cast<unsigned char>(text[at + k])) != word[k]) return false;
    return true;
}

// From `at`, the end of the value that starts there.
size_t value_end(std::string_view text, size_t at) { return std::min(text.find_first_of(kValueEnd, at), text.size()); }

// The length of an auth scheme word at `at` followed by a space ("Bearer "), or 0.
size_t scheme_at(std::string_view text, size_t at) {
    for (std::string_view scheme : {"bearer ", "basic ", "token "})
        if (starts_with_word(text, at, scheme)) return scheme.size();
    return 0;
}

}  // namespace

std::string redact_secret(std::string_view message, std::string_view secret) {
    if (secret.size() < 8) return std::string(message);
    std::string_view head = secret.substr(0, 6), tail = secret.substr(secret.size() - 4);
    std::string out;
    size_t i = 0;
    while (i < message.size()) {
        size_t j = std::min(message.find_first_of(" \t\n\"'", i), message.size());
        std::string_view word = message.substr(i, j - i);
        bool shows = word.find(head) != std::string_view::npos ||
                     (word.size() >= 8 && word.find(tail) != std::string_view::npos);
        out.append(shows ? kRedacted : word);
        if (j < message.size()) out.push_back(message[j]);
        i = j + 1;
    }
    return out;
}

bool is_credential_name(std::string_view name) {
    static constexpr std::array<std::string_view, 9> kParts = {
        "token", "secret", "passw", "apikey", "api_key", "api-key", "auth", "credential", "signature"};
    std::string n = lower(name);
    if (n.ends_with("key") || n == "pwd" || n == "sig") return true;
    return std::any_of(kParts.begin(), kParts.end(), [&](std::string_view p) { return n.find(p) != std::string::npos; });
}

namespace {

// Where a credential's value starts at `i`, or npos: after `name=`, a scheme or "Authorization:".
size_t credential_at(std::string_view line, size_t i) {
    if (line[i] == '=' && i > 0) {
        size_t start = i;
        while (start > 0 && name_char(line[start - 1])) --start;
        return is_credential_name(line.substr(start, i - start)) ? i + 1 : std::string_view::npos;
    }
    if (size_t n = scheme_at(line, i)) return i + n;
    if (!starts_with_word(line, i, "authorization:")) return std::string_view::npos;
    size_t v = i + std::string_view("authorization:").size();
    while (v < line.size() && line[v] == ' ') ++v;
    return v + scheme_at(line, v);
}

}  // namespace

std::string redact_credentials(std::string_view line) {
    std::string out;
    size_t copied = 0;  // line[0, copied) is in out
    for (size_t i = 0; i < line.size(); ++i) {
        size_t from = credential_at(line, i);
        if (from == std::string_view::npos) continue;
        size_t to = value_end(line, from);
        if (to == from) continue;
        out.append(line.substr(copied, from - copied)).append(kRedacted);
        copied = to;
        i = to - 1;
    }
    out.append(line.substr(copied));
    return out;
}

}  // namespace rag
