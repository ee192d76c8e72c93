// SPDX-License-Identifier: MIT
// roff escape sequences: fonts, sizes, special characters, strings, motions.
#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>

#include "lib/index/roff.h"
#include "lib/index/utf8.h"

namespace rag::index {

namespace {

// groff_char(7) names that man pages use, and the predefined strings of man(7) and mdoc(7).
constexpr std::array<std::pair<std::string_view, std::string_view>, 52> kNamed{{
    {"aq", "'"},      {"dq", "\""},     {"em", "\u2014"}, {"en", "\u2013"}, {"hy", "-"},      {"mi", "-"},
    {"lq", "\u201c"}, {"rq", "\u201d"}, {"oq", "\u2018"}, {"cq", "\u2019"}, {"Lq", "\u201c"}, {"Rq", "\u201d"},
    {"bu", "\u2022"}, {"co", "\u00a9"}, {"rg", "\u00ae"}, {"tm", "\u2122"}, {"Tm", "\u2122"}, {"de", "\u00b0"},
    {"mu", "\u00d7"}, {"di", "\u00f7"}, {"+-", "\u00b1"}, {"<=", "\u2264"}, {">=", "\u2265"}, {"!=", "\u2260"},
    {"->", "\u2192"}, {"<-", "\u2190"}, {"ti", "~"},      {"ha", "^"},      {"ga", "`"},      {"aa", "\u00b4"},
    {"ul", "_"},      {"rs", "\\"},     {"sl", "/"},      {"ba", "|"},      {"bv", "|"},      {"pl", "+"},
    {"eq", "="},      {"sc", "\u00a7"}, {"ps", "\u00b6"}, {"dg", "\u2020"}, {"fm", "\u2032"}, {"lB", "["},
    {"rB", "]"},      {"lC", "{"},      {"rC", "}"},      {"la", "\u27e8"}, {"ra", "\u27e9"}, {"R", "\u00ae"},
    {"Aq", "'"},      {"Ba", "|"},      {"q", "\""},      {"at", "@"},
}};

// A special character by name: groff's table, "uXXXX" code points, else nothing.
void append_named(std::string& out, std::string_view name, const RoffStrings& strings) {
    if (auto it = strings.find(name); it != strings.end()) return out.append(it->second), void();
    for (const auto& [n, text] : kNamed)
        if (n == name) return out.append(text), void();
    if (name.size() >= 5 && name[0] == 'u') {
        char* end = nullptr;
        std::string hex(name.substr(1));
        unsigned long cp = std::strtoul(hex.c_str(), &end, 16);
        if (end && *end == '\0') append_utf8(out, static_cast<uint32_t>(cp));
    }
}

// The bytes of the character at s[i]: a whole UTF-8 sequence, so that an escape never takes
// half of one (its other bytes would be left behind as invalid text); 1 for any other byte.
size_t char_bytes(std::string_view s, size_t i) {
    auto lead = static_cast<unsigned char>(s[i]);
    size_t n = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
    if (i + n > s.size()) return 1;
    for (size_t k = 1; k < n; ++k)
        if ((static_cast<unsigned char>(s[i + k]) & 0xc0) != 0x80) return 1;
    return n;
}

// The name after an escape letter: "x", "(xx" or "[name]" (x a character); `i` moves past it.
std::string_view escape_name(std::string_view s, size_t& i) {
    if (i >= s.size()) return {};
    if (s[i] == '(') {
        size_t start = ++i;
        for (int k = 0; k < 2 && i < s.size(); ++k) i += char_bytes(s, i);
        return s.substr(start, i - start);
    }
    if (s[i] == '[') {
        size_t end = s.find(']', i);
        if (end == std::string_view::npos) end = s.size();
        std::string_view n = s.substr(i + 1, end - i - 1);
        i = end + 1;
        return n;
    }
    size_t n = char_bytes(s, i);
    i += n;
    return s.substr(i - n, n);
}

// Skips a delimited argument: \w'...', \h'...', \N'...'; returns what is inside.
std::string_view delimited(std::string_view s, size_t& i) {
    if (i >= s.size()) return {};
    std::string_view delim = s.substr(i, char_bytes(s, i));
    size_t end = s.find(delim, i + delim.size());
    if (end == std::string_view::npos) end = s.size();
    std::string_view inside = s.substr(i + delim.size(), end - i - delim.size());
    i = std::min(s.size(), end + delim.size());
    return inside;
}

// \s10, \s-1, \s+2, \s(12, \s[12]: a size change, dropped.
void skip_size(std::string_view s, size_t& i) {
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    if (i < s.size() && (s[i] == '(' || s[i] == '[')) return (void)escape_name(s, i);
    if (i < s.size() && s[i] == '\'') return (void)delimited(s, i);
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
}

// One escape at s[i] (just past the backslash); false for \" (the rest is a comment).
bool render_escape(std::string_view s, size_t& i, const RoffStrings& strings, std::string& out) {
    char c = s[i++];
    switch (c) {
    case '"':
    case '#': return false;
    case 'f':
    case 'F':
    case 'n':
    case 'g':
    case 'k':
    case 'm':
    case 'M':
    case 'V':
    case 'Y':
    case '$': escape_name(s, i); return true;
    case 's': skip_size(s, i); return true;
    case '(':
    case '[':
        --i;
        append_named(out, escape_name(s, i), strings);
        return true;
    case '*': append_named(out, escape_name(s, i), strings); return true;
    case 'N': {
        std::string n(delimited(s, i));
        append_utf8(out, static_cast<uint32_t>(std::strtoul(n.c_str(), nullptr, 10)));
        return true;
    }
    case 'w':
        out += '0';
        delimited(s, i);
        return true;
    case 'o': {
        std::string_view inside = delimited(s, i);
        out.append(inside.substr(0, inside.empty() ? 0 : char_bytes(inside, 0)));
        return true;
    }
    case 'h':
    case 'v':
    case 'l':
    case 'L':
    case 'D':
    case 'x':
    case 'Z':
    case 'X':
    case 'b':
    case 'A':
    case 'B':
    case 'C':
    case 'R':
    case 'S': delimited(s, i); return true;
    case 'e':
    case '\\': out += '\\'; return true;
    case '-': out += '-'; return true;
    case ' ':
    case '~':
    case '0': out += ' '; return true;
    case '\'': out += '\''; return true;
    case 't': out += '\t'; return true;
    case '&':
    case '|':
    case '^':
    case ')':
    case '%':
    case ':':
    case 'c':
    case '{':
    case '}':
    case 'z':
    case 'd':
    case 'u':
    case 'r':
    case 'p':
    case 'a':
    case 'E': return true;
    default: out += c; return true;  // \. \` and the like: the character itself
    }
}

}  // namespace

std::string roff_unescape(std::string_view s, const RoffStrings& strings) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        if (s[i] != '\\') {
            out += s[i++];
            continue;
        }
        if (++i >= s.size()) break;
        if (!render_escape(s, i, strings, out)) break;
    }
    return out;
}

}  // namespace rag::index
