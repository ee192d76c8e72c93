// SPDX-License-Identifier: MIT
// Answer-likeness cues: what a question asks for, what a sentence is (a definition, a value, an example).
#include "lib/backends/answer_cues.h"

#include <algorithm>
#include <cctype>

namespace rag {

std::string lowered(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool asks_for_value(const std::string& q) {
    for (std::string_view cue :
         {"default", "how many", "how long", "how much", "at most", "maximum", "limit", "number of"})
        if (q.find(cue) != std::string::npos) return true;
    return false;
}

// "BM25 is a ranking function ...": a definition states what its subject is, early on.
bool is_definition(std::string_view text) {
    std::string_view head = text.substr(0, 80);
    for (std::string_view verb : {" is a ", " is an ", " is the ", " are ", " means ", " refers to "})
        if (head.find(verb) != std::string_view::npos) return true;
    return false;
}

bool holds_value(std::string_view text) {
    if (text.find("default") != std::string_view::npos) return true;
    return std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// "gzip -cd old.gz | gzip > new.gz", "$ find /tmp -name core", "Example: curl -O URL": a
// command line, not a sentence that says what an option does.
bool is_example(std::string_view text) {
    if (text.starts_with("$ ") || text.starts_with("Example:") || text.starts_with("Examples:")) return true;
    if (text.ends_with('.')) return false;
    for (std::string_view op : {" | ", " > ", " >> ", " < ", " && "})
        if (text.find(op) != std::string_view::npos) return true;
    return false;
}

// The name a document goes by: its title up to the first character that is
// not part of a program's name ("less.1.txt" -> "less", "apt-get(8)" -> "apt-get").
std::string document_name(std::string_view title) {
    std::string name;
    for (char c : title) {
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') break;
        name.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return name;
}

// Whether `query` names the document as a word of its own (stop words
// included: "less", "find" are programs too).
bool names_document(std::string_view query, const std::string& name) {
    if (name.empty()) return false;
    for (size_t at = 0; (at = query.find(name, at)) != std::string_view::npos; at += name.size()) {
        auto word = [&](size_t i) {
            return i < query.size() && (std::isalnum(static_cast<unsigned char>(query[i])) || query[i] == '-');
        };
        if ((at == 0 || !word(at - 1)) && !word(at + name.size())) return true;
    }
    return false;
}

}  // namespace rag
