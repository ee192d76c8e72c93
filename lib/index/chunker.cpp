// SPDX-License-Identifier: MIT
// Greedy packing of paragraphs, sentences and words into passages.
#include "lib/index/chunker.h"

#include <cctype>

#include "lib/text/analyze.h"

namespace rag::index {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// A piece of text that is never split further, and whether a paragraph starts with it.
struct Unit {
    std::string_view text;
    size_t words = 0;
    bool starts_paragraph = false;
};

// Paragraphs are separated by blank lines (lines of white space only); each
// keeps its lines' indentation.
std::vector<std::string_view> paragraphs(std::string_view text) {
    std::vector<std::string_view> out;
    size_t start = std::string_view::npos, end = 0, pos = 0;
    while (pos <= text.size()) {
        size_t nl = text.find('\n', pos);
        if (nl == std::string_view::npos) nl = text.size();
        std::string_view line = text.substr(pos, nl - pos);
        bool blank = line.find_first_not_of(" \t\r\f\v") == std::string_view::npos;
        if (!blank) {
            // The first line keeps its indentation: four spaces make a Markdown code block.
            if (start == std::string_view::npos) start = pos;
            end = nl;
        } else if (start != std::string_view::npos) {
            out.push_back(text.substr(start, end - start));
            start = std::string_view::npos;
        }
        pos = nl + 1;
    }
    if (start != std::string_view::npos) out.push_back(text.substr(start, end - start));
    for (auto& p : out)
        while (!p.empty() && is_space(p.back())) p.remove_suffix(1);
    return out;
}

// Splits a run of text longer than `limit` words at word boundaries.
void split_words(std::string_view s, size_t limit, bool para, std::vector<Unit>& out) {
    size_t i = 0, start = 0, words = 0;
    while (i < s.size()) {
        while (i < s.size() && is_space(s[i])) ++i;
        if (i == s.size()) break;
        if (words == limit) {
            out.push_back({s.substr(start, i - start), words, para});
            para = false;
            start = i;
            words = 0;
        }
        while (i < s.size() && !is_space(s[i])) ++i;
        ++words;
    }
    if (words) out.push_back({s.substr(start), words, para});
}

std::vector<Unit> units(std::string_view text, size_t limit) {
    std::vector<Unit> out;
    for (std::string_view p : paragraphs(text)) {
        size_t words = count_words(p);
        if (words <= limit) {
            out.push_back({p, words, true});
            continue;
        }
        bool para = true;
        for (Span s : split_sentences(p)) {
            std::string_view sentence = p.substr(s.begin, s.end - s.begin);
            size_t n = count_words(sentence);
            if (n > limit) split_words(sentence, limit, para, out);
            else if (n) out.push_back({sentence, n, para});
            para = false;
        }
    }
    return out;
}

// A paragraph that is an option's line alone ("-k, --insecure"), its
// description in the paragraph after it, as roff and `man` render some pages.
bool is_option_line(const Unit& u) {
    std::string_view s = u.text;
    while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
    bool dashed = s.size() > 1 && s[0] == '-' && (std::isalnum(static_cast<unsigned char>(s[1])) || s[1] == '-');
    return u.starts_paragraph && dashed && u.words <= 8 && s.find('\n') == std::string_view::npos;
}

std::string join(const std::vector<Unit>& us, size_t begin, size_t end) {
    std::string out;
    for (size_t i = begin; i < end; ++i) {
        if (i > begin) out += us[i].starts_paragraph ? "\n\n" : " ";
        out += us[i].text;
    }
    return out;
}

}  // namespace

size_t count_words(std::string_view text) {
    size_t n = 0;
    bool in_word = false;
    for (char c : text) {
        bool space = is_space(c);
        if (!space && !in_word) ++n;
        in_word = !space;
    }
    return n;
}

std::vector<std::string> chunk_text(std::string_view text, const ChunkOptions& options) {
    size_t limit = options.words ? options.words : 1;
    if (count_words(text) <= limit + limit / 2) return {std::string(text)};
    std::vector<Unit> us = units(text, limit);
    std::vector<std::string> out;
    size_t begin = 0;
    while (begin < us.size()) {
        size_t end = begin, words = 0;
        while (end < us.size() && (end == begin || words + us[end].words <= limit)) words += us[end++].words;
        // A short tail joins this passage when the two fit in 1.5 passages.
        size_t rest = 0;
        for (size_t i = end; i < us.size(); ++i) rest += us[i].words;
        if (rest && words + rest <= limit + limit / 2) end = us.size();
        // An option's line opens the passage of its description, never ends the one before.
        while (end < us.size() && end > begin + 1 && is_option_line(us[end - 1])) --end;
        out.push_back(join(us, begin, end));
        if (end == us.size()) break;
        size_t next = end, carried = 0;  // whole units from the end, up to `overlap` words
        while (next > begin + 1 && carried + us[next - 1].words <= options.overlap) carried += us[--next].words;
        begin = next;
    }
    return out;
}

}  // namespace rag::index
