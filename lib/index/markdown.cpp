// SPDX-License-Identifier: MIT
// Markdown's block structure: front matter, headings, fences, tables, rules, quotes, lists.
#include "lib/index/markdown.h"

#include <vector>

#include "lib/core/text_file.h"

namespace rag::index {

namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
    std::vector<std::string_view> lines;
    for (size_t pos = 0; pos < text.size();) {
        size_t nl = std::min(text.find('\n', pos), text.size());
        std::string_view line = text.substr(pos, nl - pos);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        lines.push_back(line);
        pos = nl + 1;
    }
    return lines;
}

bool only_of(std::string_view s, std::string_view chars) {
    return !s.empty() && s.find_first_not_of(chars) == std::string_view::npos;
}

// "---", "***", "___" (spaces allowed): a thematic break.
bool is_rule(std::string_view t) {
    std::string packed;
    for (char c : t)
        if (c != ' ') packed += c;
    return packed.size() >= 3 && (only_of(packed, "-") || only_of(packed, "*") || only_of(packed, "_"));
}

// A table's delimiter row: "|---|:--:|" or "--- | ---".
bool is_table_rule(std::string_view t) {
    return t.find('-') != std::string_view::npos && t.find_first_not_of("|-: \t") == std::string_view::npos &&
           (t.find('|') != std::string_view::npos || t.find(':') != std::string_view::npos);
}

// The heading text of an ATX heading ("## x ##"), or nullopt-like empty view with ok=false.
bool atx_heading(std::string_view t, std::string_view& text) {
    size_t h = t.find_first_not_of('#');
    if (h == 0 || h > 6 || (h != std::string_view::npos && t[h] != ' ' && t[h] != '\t')) return false;
    text = h == std::string_view::npos ? std::string_view{} : trim(t.substr(h));
    while (!text.empty() && text.back() == '#') text.remove_suffix(1);
    text = trim(text);
    return true;
}

// A table row's cells, without the pipes, joined by "; ".
std::string table_row(std::string_view t) {
    std::string out;
    std::string cell;
    auto flush = [&] {
        std::string_view c = trim(cell);
        if (!c.empty()) out += (out.empty() ? "" : "; ") + markdown_inline(c);
        cell.clear();
    };
    for (size_t i = 0; i < t.size(); ++i) {
        if (t[i] == '\\' && i + 1 < t.size() && t[i + 1] == '|') cell += t[++i];
        else if (t[i] == '|') flush();
        else cell += t[i];
    }
    flush();
    return out;
}

// A list item's marker normalised ("* x", "+ x" -> "- x"); other lines unchanged.
std::string_view list_marker(std::string_view t, std::string& out) {
    if (t.size() > 2 && (t[0] == '*' || t[0] == '+') && t[1] == ' ') {
        out += "- ";
        return t.substr(2);
    }
    return t;
}

class MarkdownText {
public:
    std::string render(std::string_view md) {
        std::vector<std::string_view> lines = split_lines(md);
        size_t i = front_matter_end(lines);
        for (; i < lines.size(); ++i) {
            std::string_view t = trim(lines[i]);
            if (fence_.empty() && (t.starts_with("```") || t.starts_with("~~~"))) fence_ = t.substr(0, 3);
            else if (!fence_.empty() && t.starts_with(fence_)) fence_ = {}, paragraph();
            else if (!fence_.empty()) out_.append(lines[i]).append("\n");
            else if (i + 1 < lines.size() && t.find('|') != std::string_view::npos && is_table_rule(trim(lines[i + 1])))
                i = table(lines, i);
            else block_line(lines, i, t);
        }
        while (!out_.empty() && out_.back() == '\n') out_.pop_back();
        return std::move(out_);
    }

private:
    static size_t front_matter_end(const std::vector<std::string_view>& lines) {
        if (lines.empty() || lines[0] != "---") return 0;
        for (size_t i = 1; i < lines.size(); ++i)
            if (lines[i] == "---" || lines[i] == "...") return i + 1;
        return 0;
    }

    void block_line(const std::vector<std::string_view>& lines, size_t i, std::string_view t) {
        std::string_view heading;
        bool under_text = i > 0 && !trim(lines[i - 1]).empty();
        if (t.empty()) return paragraph();
        if (atx_heading(t, heading)) return paragraph(), line(markdown_inline(heading)), paragraph();
        if (under_text && (only_of(t, "=") || only_of(t, "-"))) return paragraph();  // a setext underline
        if (is_rule(t)) return paragraph();
        if (t.starts_with("[") && t.find("]: ") != std::string_view::npos) return;  // a link reference definition
        while (t.starts_with(">")) t = trim(t.substr(1));
        if (lines[i].starts_with("    ") || lines[i].starts_with("\t")) return (void)out_.append(lines[i]).append("\n");
        std::string marker;
        t = list_marker(t, marker);
        line(marker + markdown_inline(t));
    }

    size_t table(const std::vector<std::string_view>& lines, size_t i) {
        paragraph();
        line(table_row(trim(lines[i])));
        for (i += 2; i < lines.size() && trim(lines[i]).find('|') != std::string_view::npos; ++i)
            line(table_row(trim(lines[i])));
        paragraph();
        return i - 1;
    }

    void line(std::string_view text) {
        if (!text.empty()) out_.append(text).append("\n");
    }

    void paragraph() {
        while (!out_.empty() && out_.back() == '\n') out_.pop_back();
        if (!out_.empty()) out_ += "\n\n";
    }

    std::string out_;
    std::string_view fence_;
};

}  // namespace

std::string markdown_to_text(std::string_view md, std::string* title) {
    if (title) *title = markdown_title(md);
    return MarkdownText().render(md);
}

std::string markdown_title(std::string_view text) {
    std::vector<std::string_view> lines = split_lines(text);
    if (!lines.empty() && lines[0] == "---")
        for (size_t i = 1; i < lines.size() && lines[i] != "---"; ++i)
            if (lines[i].starts_with("title:")) {
                std::string_view v = trim(lines[i].substr(6));
                while (!v.empty() && (v.front() == '"' || v.front() == '\'')) v.remove_prefix(1);
                while (!v.empty() && (v.back() == '"' || v.back() == '\'')) v.remove_suffix(1);
                return std::string(v);
            }
    for (std::string_view l : lines) {
        std::string_view heading;
        if (l.starts_with("#") && atx_heading(trim(l), heading) && !heading.empty()) return markdown_inline(heading);
    }
    return {};
}

}  // namespace rag::index
