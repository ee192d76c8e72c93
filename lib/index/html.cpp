// SPDX-License-Identifier: MIT
// HTML to plain text, for indexing web pages.
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>

#include "lib/index/formats.h"
#include "lib/index/utf8.h"

namespace rag::index {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

// Decodes the entity at html[i] == '&'; returns the bytes consumed (0: not an entity).
size_t decode_entity(std::string_view html, size_t i, std::string& out) {
    size_t semi = html.find(';', i);
    if (semi == std::string_view::npos || semi - i > 10) return 0;
    std::string_view name = html.substr(i + 1, semi - i - 1);
    static const std::pair<std::string_view, uint32_t> named[] = {
        {"amp", '&'},      {"lt", '<'},       {"gt", '>'},       {"quot", '"'},      {"apos", '\''},
        {"nbsp", ' '},     {"mdash", 0x2014}, {"ndash", 0x2013}, {"hellip", 0x2026}, {"copy", 0xA9},
        {"rsquo", 0x2019}, {"lsquo", 0x2018}, {"rdquo", 0x201D}, {"ldquo", 0x201C}};
    if (!name.empty() && name[0] == '#') {
        bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        std::string digits(name.substr(hex ? 2 : 1));
        if (digits.empty()) return 0;
        char* end = nullptr;
        unsigned long cp = std::strtoul(digits.c_str(), &end, hex ? 16 : 10);
        if (*end) return 0;
        append_utf8(out, static_cast<uint32_t>(std::min(cp, 0x110000ul)));
        return semi - i + 1;
    }
    for (auto [n, cp] : named)
        if (n == name) {
            append_utf8(out, cp);
            return semi - i + 1;
        }
    return 0;
}

bool is_block(std::string_view tag) {
    static const std::string_view blocks[] = {
        "p",  "div",   "br",      "li",      "ul",  "ol",         "h1",     "h2",     "h3", "h4", "h5", "h6",
        "tr", "table", "section", "article", "pre", "blockquote", "header", "footer", "dd", "dt", "hr"};
    return std::find(std::begin(blocks), std::end(blocks), tag) != std::end(blocks);
}

// Collapses runs of blanks and keeps at most one blank line between paragraphs.
std::string tidy(std::string_view s) {
    std::string out;
    int newlines = 0;
    bool space = false;
    for (char c : s) {
        if (c == '\n') {
            ++newlines;
            space = false;
        } else if (c == ' ' || c == '\t' || c == '\r') {
            space = true;
        } else {
            if (!out.empty()) out += newlines ? (newlines > 1 ? "\n\n" : "\n") : (space ? " " : "");
            out += c;
            newlines = 0;
            space = false;
        }
    }
    return out;
}

}  // namespace

std::string html_to_text(std::string_view html, std::string* title) {
    std::string raw;
    size_t i = 0;
    while (i < html.size()) {
        char c = html[i];
        if (c == '&') {
            if (size_t n = decode_entity(html, i, raw)) {
                i += n;
                continue;
            }
        }
        if (c != '<') {
            raw += c;
            ++i;
            continue;
        }
        if (html.substr(i, 4) == "<!--") {
            size_t end = html.find("-->", i + 4);
            i = end == std::string_view::npos ? html.size() : end + 3;
            continue;
        }
        size_t close = html.find('>', i);
        if (close == std::string_view::npos) break;
        std::string_view inside = html.substr(i + 1, close - i - 1);
        bool end_tag = !inside.empty() && inside[0] == '/';
        if (end_tag) inside.remove_prefix(1);
        size_t name_end = inside.find_first_of(" \t\r\n/");
        std::string name = lower(inside.substr(0, name_end));
        i = close + 1;
        if (!end_tag && (name == "script" || name == "style" || name == "title")) {
            size_t end = lower(html.substr(i)).find("</" + name);
            std::string_view body = html.substr(i, end == std::string::npos ? html.size() - i : end);
            if (name == "title" && title) *title = tidy(html_to_text(body));
            i = end == std::string::npos ? html.size() : html.find('>', i + end) + 1;
            if (i == 0) i = html.size();
            continue;
        }
        raw += is_block(name) ? "\n\n" : " ";
    }
    return tidy(raw);
}

}  // namespace rag::index
