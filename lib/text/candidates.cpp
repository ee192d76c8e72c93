// SPDX-License-Identifier: MIT
// Answer candidates: lines classified as chrome or text, text blocks split into sentences.
#include "lib/text/candidates.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "lib/text/question.h"

namespace rag {
namespace {

enum class Line { blank, chrome, heading, text };

struct LineInfo {
    size_t begin = 0, end = 0;  // without the newline
    size_t indent = 0;          // bytes of leading blanks
    size_t column = 0;          // where the text starts, tabs set every 8 columns
    Line kind = Line::text;
};

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trimmed(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
    return s;
}

// "CURL(1)", "systemd.socket(5)", "GIT-STASH(1)": a page's name and section.
bool is_page_name(std::string_view word) {
    size_t open = word.find('(');
    if (open == 0 || open == std::string_view::npos || word.size() < open + 3 || word.back() != ')') return false;
    if (!std::isdigit(static_cast<unsigned char>(word[open + 1]))) return false;
    for (char c : word.substr(0, open))
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '_' && c != '-' && c != ':') return false;
    return true;
}

// A man page's header or footer: a line that starts or ends with the page's
// name and section, its fields set apart by runs of spaces.
bool is_page_chrome(std::string_view line) {
    std::string_view s = trimmed(line);
    size_t first_end = s.find_first_of(" \t"), last_begin = s.find_last_of(" \t");
    if (first_end == std::string_view::npos) return is_page_name(s);
    bool gap = s.find("  ") != std::string_view::npos || s.find('\t') != std::string_view::npos;
    return gap && (is_page_name(s.substr(0, first_end)) || is_page_name(s.substr(last_begin + 1)));
}

// A table rule: dashes, equals signs or box drawing with at most pipes, pluses, colons between.
bool is_rule(std::string_view line) {
    size_t marks = 0;
    for (size_t i = 0; i < line.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(line[i]);
        if (c == '-' || c == '=' || c == '_') ++marks;
        else if (c == 0xE2 && i + 2 < line.size() && static_cast<unsigned char>(line[i + 1]) == 0x94) {
            ++marks;
            i += 2;
        }  // U+2500..U+253F
        else if (c != '|' && c != '+' && c != ':' && !is_blank(line[i]))
            return false;
    }
    return marks >= 3;
}

// A man page section heading ("NAME", "SEE ALSO": at most four words in capitals at the
// margin), or a Markdown heading.
bool is_heading(std::string_view line, size_t indent) {
    std::string_view s = trimmed(line);
    if (!s.empty() && s.front() == '#') return true;
    if (indent > 0 || s.size() > 60) return false;
    bool letter = false;
    if (std::count(s.begin(), s.end(), ' ') >= 4) return false;  // "COMMANDS AND OPTIONS" has three words
    for (char c : s) {
        if (std::islower(static_cast<unsigned char>(c))) return false;
        letter |= std::isupper(static_cast<unsigned char>(c)) != 0;
    }
    return letter;
}

std::vector<LineInfo> classify_lines(std::string_view text) {
    std::vector<LineInfo> lines;
    for (size_t at = 0; at <= text.size();) {
        size_t nl = text.find('\n', at);
        size_t end = nl == std::string_view::npos ? text.size() : nl;
        std::string_view line = text.substr(at, end - at);
        LineInfo info{at, end, 0, 0, Line::text};
        for (; info.indent < line.size() && is_blank(line[info.indent]); ++info.indent)
            info.column = line[info.indent] == '\t' ? (info.column / 8 + 1) * 8 : info.column + 1;
        if (info.indent == line.size()) info.kind = Line::blank;
        else if (is_page_chrome(line) || is_rule(line)) info.kind = Line::chrome;
        else if (is_heading(line, info.indent)) info.kind = Line::heading;
        lines.push_back(info);
        if (nl == std::string_view::npos) break;
        at = nl + 1;
    }
    return lines;
}

// "○   --compact-output / -c:": a list bullet and the blanks after it, as man renders jq(1).
std::string_view without_bullet(std::string_view s) {
    for (std::string_view bullet : {"\u2022", "\u25CB", "\u25E6", "\u00B7"}) {
        if (!s.starts_with(bullet) || s.size() == bullet.size() || !is_blank(s[bullet.size()])) continue;
        s.remove_prefix(bullet.size());
        while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
        break;
    }
    return s;
}

bool starts_with_option(std::string_view text, const LineInfo& line) {
    std::string_view s = without_bullet(text.substr(line.begin + line.indent, line.end - line.begin - line.indent));
    size_t word = s.find_first_of(" \t,");
    std::vector<std::string> found = options_in(s.substr(0, word == std::string_view::npos ? s.size() : word + 1));
    return !found.empty() && s.substr(0, found.front().size()) == found.front();
}

bool names_chrome_section(std::string_view heading) {
    std::string_view s = trimmed(heading);
    return s == "NAME" || s == "SYNOPSIS";
}

// Indentation marks Markdown code only in a passage with prose at the margin.
bool indents_code(const std::vector<LineInfo>& lines) {
    return std::any_of(lines.begin(), lines.end(),
                       [](const LineInfo& l) { return l.kind == Line::text && l.indent == 0; });
}

// The sentences of the block text[begin, end); an option block's first one is
// its entry, about the whole block.
void add_block(std::string_view text, size_t begin, size_t end, bool option_block, const SentenceOptions& options,
               std::vector<Candidate>& out) {
    while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
    if (end <= begin) return;
    Span head{begin, std::min(end, text.find('\n', begin))};  // the option line
    while (head.end > head.begin && std::isspace(static_cast<unsigned char>(text[head.end - 1]))) --head.end;
    while (head.begin < head.end && std::isspace(static_cast<unsigned char>(text[head.begin]))) ++head.begin;
    // "-v      Verbose mode. ...": the description may share the option's line, after a gap.
    std::string_view line = without_bullet(text.substr(head.begin, head.end - head.begin));
    head.begin = head.end - line.size();
    size_t gap = std::min(line.find("  "), line.find('\t'));
    if (gap != std::string_view::npos) head.end = head.begin + gap;
    bool first = true;
    for (Span s : split_sentences(text.substr(begin, end - begin), options)) {
        Span span{begin + s.begin, begin + s.end};
        bool entry = option_block && first;
        bool later = option_block && !first && span.begin >= head.end;
        out.push_back({span, entry ? Span{span.begin, end} : span, entry, later ? head : Span{}});
        first = false;
    }
}

}  // namespace

std::vector<Candidate> answer_candidates(std::string_view text) {
    std::vector<Candidate> out;
    std::vector<LineInfo> lines = classify_lines(text);
    SentenceOptions sentences{.indented_code = indents_code(lines)};
    size_t block = 0;  // start of the current block of text lines
    bool open = false, option = false, skip = false;
    const LineInfo* previous = nullptr;  // the last text line
    const LineInfo* pending = nullptr;   // an option line alone before a blank line: its description may follow
    auto close = [&](size_t end) {
        if (open && !skip) add_block(text, block, end, option, sentences, out);
        open = false;
    };
    for (const LineInfo& line : lines) {
        if (pending && line.kind == Line::text && line.column <= pending->column) close(pending->end);
        if (line.kind == Line::blank && open && option && previous && previous->begin == block) {
            pending = previous;  // the block so far is the option line alone
            continue;
        }
        if (line.kind == Line::blank && pending) continue;
        pending = nullptr;
        if (line.kind != Line::text) {
            close(line.begin);
            if (line.kind == Line::heading) skip = names_chrome_section(text.substr(line.begin, line.end - line.begin));
            previous = nullptr;
            continue;
        }
        bool starts_option = starts_with_option(text, line);
        if (open && starts_option && previous && line.column < previous->column) close(line.begin);
        if (!open) block = line.begin, open = true, option = starts_option;
        previous = &line;
    }
    close(text.size());
    return out;
}

}  // namespace rag
