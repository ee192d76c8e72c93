// SPDX-License-Identifier: MIT
// Markdown's inline markup: emphasis, code spans, links, images, tags, escapes.
#include <cctype>
#include <string>

#include "lib/index/markdown.h"

namespace rag::index {

namespace {

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_space(char c) { return c == ' ' || c == '\t'; }

// The ']' that closes the '[' at s[i], across nested brackets (a badge:
// [![alt](image)](link)); npos when there is none.
size_t matching_bracket(std::string_view s, size_t i) {
    int depth = 0;
    for (size_t j = i; j < s.size(); ++j) {
        if (s[j] == '\\') ++j;
        else if (s[j] == '[') ++depth;
        else if (s[j] == ']' && --depth == 0) return j;
    }
    return std::string_view::npos;
}

// `[text](url)`, `[text][ref]` or `[text]` at s[i] == '['; returns the text
// and moves `i` past the whole link, or returns false when it is no link.
bool link_at(std::string_view s, size_t& i, std::string& text) {
    size_t close = matching_bracket(s, i);
    if (close == std::string_view::npos) return false;
    size_t after = close + 1;
    if (after < s.size() && (s[after] == '(' || s[after] == '[')) {
        char end = s[after] == '(' ? ')' : ']';
        size_t stop = s.find(end, after + 1);
        if (stop == std::string_view::npos) return false;
        after = stop + 1;
    } else if (close == i + 1) {
        return false;
    }
    text = markdown_inline(s.substr(i + 1, close - i - 1));
    i = after;
    return true;
}

// An HTML tag or comment at s[i] == '<' is dropped; an autolink <http://x> keeps its address.
bool tag_at(std::string_view s, size_t& i, std::string& out) {
    size_t close = s.find('>', i + 1);
    if (close == std::string_view::npos || i + 1 >= s.size()) return false;
    std::string_view inside = s.substr(i + 1, close - i - 1);
    char c = inside.empty() ? ' ' : inside[0];
    if (!std::isalpha(static_cast<unsigned char>(c)) && c != '/' && c != '!') return false;
    if (inside.find("://") != std::string_view::npos || inside.find('@') != std::string_view::npos) {
        if (inside.find(' ') != std::string_view::npos) return false;
        out.append(inside);
    }
    i = close + 1;
    return true;
}

// A run of `*`, `_` or `~` that opens emphasis closed later on the line: both
// runs are dropped. Intraword `_` (snake_case) and a `*` before a space stay.
bool emphasis_at(std::string_view s, size_t& i, std::string& out) {
    char mark = s[i];
    size_t run = s.find_first_not_of(mark, i);
    if (run == std::string_view::npos) return false;
    size_t len = run - i;
    if (is_space(s[run]) || (mark == '_' && i > 0 && is_word(s[i - 1])) || (mark == '~' && len != 2)) return false;
    std::string delim(len, mark);
    for (size_t close = s.find(delim, run); close != std::string_view::npos; close = s.find(delim, close + 1)) {
        bool right = !is_space(s[close - 1]) && (close + len >= s.size() || s[close + len] != mark);
        if (!right || (mark == '_' && close + len < s.size() && is_word(s[close + len]))) continue;
        out += markdown_inline(s.substr(run, close - run));
        i = close + len;
        return true;
    }
    return false;
}

}  // namespace

std::string markdown_inline(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        char c = s[i];
        if (c == '\\' && i + 1 < s.size() && std::ispunct(static_cast<unsigned char>(s[i + 1]))) {
            out += s[i + 1];
            i += 2;
        } else if (c == '`') {
            size_t run = s.find_first_not_of('`', i);
            std::string delim(run == std::string_view::npos ? 1 : run - i, '`');
            size_t close = run == std::string_view::npos ? run : s.find(delim, run);
            if (close == std::string_view::npos) {
                out.append(delim);
                i += delim.size();
                continue;
            }
            out.append(s.substr(run, close - run));  // code stays as written
            i = close + delim.size();
        } else if (c == '!' && i + 1 < s.size() && s[i + 1] == '[') {
            std::string text;
            size_t j = i + 1;
            if (link_at(s, j, text)) out += text, i = j;
            else out += s[i++];
        } else if (c == '[') {
            std::string text;
            if (link_at(s, i, text)) out += text;
            else out += s[i++];
        } else if (c == '<') {
            if (!tag_at(s, i, out)) out += s[i++];
        } else if (c == '*' || c == '_' || c == '~') {
            if (!emphasis_at(s, i, out)) {
                size_t run = s.find_first_not_of(c, i);
                run = run == std::string_view::npos ? s.size() : run;
                out.append(s.substr(i, run - i));
                i = run;
            }
        } else {
            out += s[i++];
        }
    }
    return out;
}

}  // namespace rag::index
