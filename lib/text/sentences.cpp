// SPDX-License-Identifier: MIT
// Sentence boundaries for snippets, extraction and grounding.
#include "lib/text/analyze.h"

#include <cctype>
#include <unordered_set>

namespace rag {
namespace {

const std::unordered_set<std::string_view> kAbbreviations = {
    "e.g", "i.e", "etc", "vs",  "mr", "mrs", "ms", "dr",  "prof", "fig", "al",   "cf", "approx",
    "no",  "vol", "eq",  "ref", "st", "jr",  "sr", "inc", "ltd",  "co",  "resp", "ca"};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// True if the word ending just before text[dot] is an abbreviation or an initial.
bool ends_abbreviation(std::string_view text, size_t dot) {
    size_t b = dot;
    while (b > 0 && !is_space(text[b - 1]) && text[b - 1] != '(') --b;
    std::string word(text.substr(b, dot - b));
    for (char& c : word) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (word.size() == 1 && std::isalpha(static_cast<unsigned char>(word[0]))) return true;  // "J. Smith"
    return kAbbreviations.count(word) > 0;
}

// A line that starts a Markdown list item ("- ", "* ", "+ ", "1. ", "1) ").
bool starts_list_item(std::string_view text, size_t i) {
    if (i >= text.size()) return false;
    char c = text[i];
    if ((c == '-' || c == '*' || c == '+') && i + 1 < text.size() && text[i + 1] == ' ') return true;
    size_t j = i;
    while (j < text.size() && std::isdigit(static_cast<unsigned char>(text[j]))) ++j;
    return j > i && j + 1 < text.size() && (text[j] == '.' || text[j] == ')') && text[j + 1] == ' ';
}

// A line that starts a Markdown block (heading, list item, quote, table row).
bool starts_block(std::string_view text, size_t i) {
    if (i >= text.size()) return false;
    char c = text[i];
    return c == '#' || c == '>' || c == '|' || starts_list_item(text, i);
}

// Length of a sentence-final mark at text[i] (., !, ?, or their CJK forms), else 0.
size_t terminal_length(std::string_view text, size_t i) {
    char c = text[i];
    if (c == '.' || c == '!' || c == '?') return 1;
    std::string_view rest = text.substr(i, 3);
    if (rest == "\xE3\x80\x82" || rest == "\xEF\xBC\x81" || rest == "\xEF\xBC\x9F") return 3;  // 。！？
    return 0;
}

// If a Markdown code fence (``` or ~~~) opens at line start `i`, the offset just
// past its closing fence line (or the end of text); else `i`.
size_t skip_code_fence(std::string_view text, size_t i) {
    size_t j = i;
    while (j < text.size() && (text[j] == ' ' || text[j] == '\t')) ++j;
    std::string_view fence = text.substr(j, 3);
    if (fence != "```" && fence != "~~~") return i;
    size_t line = text.find('\n', j);
    while (line != std::string_view::npos) {
        size_t k = line + 1;
        while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
        size_t next = text.find('\n', k);
        if (text.substr(k, 3) == fence) return next == std::string_view::npos ? text.size() : next + 1;
        line = next;
    }
    return text.size();
}

bool is_blank_line(std::string_view text, size_t i) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\r')) ++i;
    return i >= text.size() || text[i] == '\n';
}

// The start of the last non-blank line before the line that starts at `i`, or npos.
size_t previous_text_line(std::string_view text, size_t i) {
    while (i > 0) {  // text[i - 1] is the newline that ends the previous line
        size_t start = i >= 2 ? text.rfind('\n', i - 2) : std::string_view::npos;
        start = start == std::string_view::npos ? 0 : start + 1;
        if (!is_blank_line(text, start)) return start;
        i = start;
    }
    return std::string_view::npos;
}

bool indented_four(std::string_view text, size_t i) {
    return text.substr(i, 4) == "    " || (i < text.size() && text[i] == '\t');
}

// If a Markdown indented code block (four spaces or a tab, after a blank line,
// not a list item's continuation) starts at line start `i`, the offset of the
// first line after it; else `i`.
size_t skip_indented_code(std::string_view text, size_t i) {
    if (!indented_four(text, i) || is_blank_line(text, i)) return i;
    size_t prev = previous_text_line(text, i);
    if (prev != std::string_view::npos) {
        size_t line_end = text.find('\n', prev);
        if (line_end == std::string_view::npos || !is_blank_line(text, line_end + 1)) return i;  // no blank line before
        size_t k = prev;
        while (k < text.size() && (text[k] == ' ' || text[k] == '\t')) ++k;
        if (starts_list_item(text, k)) return i;  // a list item's paragraph
    }
    size_t at = i;
    for (;;) {
        size_t end = text.find('\n', at);
        if (end == std::string_view::npos) return text.size();
        at = end + 1;
        if (!is_blank_line(text, at) && !indented_four(text, at)) return at;
    }
}

// If a code block (fenced, or indented when that counts) starts at line start
// `i`, the offset just past it; else `i`.
size_t skip_code_block(std::string_view text, size_t i, bool indented_code) {
    size_t after = skip_code_fence(text, i);
    return after != i || !indented_code ? after : skip_indented_code(text, i);
}

}  // namespace

std::vector<Span> split_sentences(std::string_view text, const SentenceOptions& options) {
    std::vector<Span> out;
    auto push = [&](size_t b, size_t e) {
        while (b < e && is_space(text[b])) ++b;
        while (e > b && is_space(text[e - 1])) --e;
        if (e > b) out.push_back({b, e});
    };
    size_t start = 0, i = 0;
    // Code is not prose: a code block ends the sentence before it and yields none.
    auto skip_code = [&](size_t line_start) {
        size_t after = skip_code_block(text, line_start, options.indented_code);
        if (after == line_start) return false;
        push(start, line_start);
        start = i = after;
        return true;
    };
    skip_code(0);
    while (i < text.size()) {
        if (text[i] == '\n') {
            if (skip_code(i + 1)) continue;
            size_t j = i + 1;
            while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
            bool blank = j < text.size() && text[j] == '\n';
            size_t first = start;
            while (first < i && is_space(text[first])) ++first;
            bool heading = first < i && text[first] == '#';
            if (blank || heading || starts_block(text, j)) {
                push(start, i);
                start = i = j;
                continue;
            }
            ++i;
            continue;
        }
        size_t mark = terminal_length(text, i);
        if (!mark) {
            ++i;
            continue;
        }
        size_t j = i + mark;
        while (j < text.size() && terminal_length(text, j) == 1) ++j;  // "?!", "..."
        while (j < text.size() && (text[j] == '"' || text[j] == '\'' || text[j] == ')' || text[j] == ']')) ++j;
        bool at_end = j >= text.size() || is_space(text[j]) || mark == 3;
        if (at_end && !(text[i] == '.' && mark == 1 && ends_abbreviation(text, i))) {
            push(start, j);
            start = j;
        }
        i = j;
    }
    push(start, text.size());
    return out;
}

}  // namespace rag
