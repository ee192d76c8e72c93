// SPDX-License-Identifier: MIT
// Content detection for inputs whose names say nothing (README, changelog.Debian).
#include "lib/index/sniff.h"

#include <algorithm>
#include <cctype>

namespace rag::index {

namespace {

constexpr size_t kSniffBytes = 8192;

std::string_view first_line(std::string_view data, size_t from) {
    size_t nl = data.find('\n', from);
    return data.substr(from, nl == std::string_view::npos ? std::string_view::npos : nl - from);
}

// JSONL, not a pretty-printed JSON file: the first line is a whole object.
bool one_object_per_line(std::string_view from_brace) {
    std::string_view line = first_line(from_brace, 0);
    while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '\t')) line.remove_suffix(1);
    size_t key = line.find_first_not_of(" \t", 1);
    bool object = key != std::string_view::npos && (line[key] == '"' || line[key] == '}');  // not a Pascal { comment }
    return object && line.size() > 1 && line.back() == '}';
}

// Lines that only roff starts with: comments and the macros that open a man page.
bool roff_line(std::string_view line) {
    for (std::string_view m : {".\\\"", "'\\\"", ".TH ", ".Dd", ".Dt ", ".SH ", ".Sh ", ".so "})
        if (line.substr(0, m.size()) == m) return true;
    return false;
}

bool is_roff(std::string_view head) {
    for (size_t pos = 0; pos < head.size();) {
        std::string_view line = first_line(head, pos);
        if (roff_line(line)) return true;
        if (!line.empty() && line[0] != '.') return false;  // text before any macro: not a man page
        pos += line.size() + 1;
    }
    return false;
}

bool is_markdown(std::string_view head, size_t first) {
    std::string_view line = first_line(head, first);
    if (line.size() > 1 && line[0] == '#' && (line[1] == ' ' || line[1] == '#')) return true;
    size_t next = first + line.size() + 1;
    if (next >= head.size()) return false;
    std::string_view under = first_line(head, next);
    return under.size() >= 3 && (under.find_first_not_of('=') == std::string_view::npos ||
                                 under.find_first_not_of('-') == std::string_view::npos);
}

}  // namespace

bool looks_binary(std::string_view data) {
    std::string_view head = data.substr(0, kSniffBytes);
    if (head.find('\0') != std::string_view::npos) return true;
    size_t control = std::count_if(head.begin(), head.end(), [](unsigned char c) {
        return c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\b' && c != 0x1b;
    });
    return control * 20 > head.size();  // over 5%
}

InputType sniff_type(std::string_view data) {
    std::string_view head = data.substr(0, kSniffBytes);
    size_t first = head.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos) return InputType::text;
    if (head[first] == '{') return one_object_per_line(head.substr(first)) ? InputType::jsonl : InputType::text;
    if (head[first] == '<' && first + 1 < head.size() &&
        (std::isalpha(static_cast<unsigned char>(head[first + 1])) || head[first + 1] == '!' || head[first + 1] == '?'))
        return InputType::html;
    size_t line_start = head.rfind('\n', first) == std::string_view::npos ? 0 : head.rfind('\n', first) + 1;
    if (is_roff(head.substr(line_start))) return InputType::man;
    if (is_markdown(head, line_start)) return InputType::markdown;
    return InputType::text;
}

}  // namespace rag::index
