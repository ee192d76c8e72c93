// SPDX-License-Identifier: MIT
// Text analysis: NFKC case folding, word tokens, stop words, Snowball stemming.
#include "lib/text/analyze.h"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>

#include <libstemmer.h>
#include <utf8proc.h>

#include "lib/core/dl.h"

namespace rag {
namespace {

// libstemmer is loaded when the first analyzer that stems is made: its
// tables for every language carry some 11,000 relocations, 0.5 ms of CPU at
// each process start, and pipeline stages that pass a cached answer on never stem.
struct SnowballApi {
    decltype(&sb_stemmer_list) list;
    decltype(&sb_stemmer_new) create;
    decltype(&sb_stemmer_delete) destroy;
    decltype(&sb_stemmer_stem) stem;
    decltype(&sb_stemmer_length) length;
};

const SnowballApi& snowball() {
    static const SnowballApi api = [] {
        const char* what = "the Snowball stemmer (libstemmer)";
        void* lib = load_library({"libstemmer.so.0d", "libstemmer.so.0", "libstemmer.so"}, what);
        SnowballApi a;
        resolve(lib, a.list, "sb_stemmer_list", what);
        resolve(lib, a.create, "sb_stemmer_new", what);
        resolve(lib, a.destroy, "sb_stemmer_delete", what);
        resolve(lib, a.stem, "sb_stemmer_stem", what);
        resolve(lib, a.length, "sb_stemmer_length", what);
        return a;
    }();
    return api;
}

// Lucene's English stop list (33 words): small on purpose, so that BM25's idf
// does the rest and phrases like "to be or not to be" keep some terms.
const std::unordered_set<std::string_view> kEnglishStopWords = {
    "a",   "an",    "and",  "are",   "as",    "at",   "be",   "but", "by",  "for",  "if",
    "in",  "into",  "is",   "it",    "no",    "not",  "of",   "on",  "or",  "such", "that",
    "the", "their", "then", "there", "these", "they", "this", "to",  "was", "will", "with"};

constexpr size_t kStemCacheLimit = 200000;  // distinct words remembered per analyzer

struct WordHash {
    using is_transparent = void;  // find(string_view) without making a string
    size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

bool is_apostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019; }

// Ideographic scripts have no spaces between words: each character is a term.
bool is_ideograph(int32_t cp) {
    return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

bool is_word_char(int32_t cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO: return true;
    default: return false;
    }
}

bool is_digit(int32_t cp) { return cp >= '0' && cp <= '9'; }

struct Decoded {
    int32_t cp;
    size_t len;
};

Decoded decode(std::string_view s, size_t i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) return {c, 1};
    int32_t cp;
    auto n = utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i),
                              static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
    if (n <= 0) return {-1, 1};  // invalid byte: a separator
    return {cp, static_cast<size_t>(n)};
}

// Lower-cases ASCII directly; anything else goes through NFKC_Casefold.
std::string fold(std::string_view word) {
    bool ascii = std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    std::string out;
    if (ascii) {
        out.resize(word.size());
        std::transform(word.begin(), word.end(), out.begin(),
                       [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; });
        return out;
    }
    utf8proc_uint8_t* mapped = nullptr;
    auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(word.data()),
                          static_cast<utf8proc_ssize_t>(word.size()), &mapped,
                          static_cast<utf8proc_option_t>(UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_COMPOSE |
                                                         UTF8PROC_CASEFOLD | UTF8PROC_IGNORE));
    if (n >= 0) out.assign(reinterpret_cast<char*>(mapped), static_cast<size_t>(n));
    free(mapped);
    return out;
}

// Drops an English possessive ("user's" -> "user", "users'" -> "users") and
// any other apostrophes ("don't" -> "dont"), so both spellings meet.
void strip_apostrophes(std::string& w) {
    auto ends_with = [&](std::string_view suffix) {
        return w.size() > suffix.size() && std::string_view(w).substr(w.size() - suffix.size()) == suffix;
    };
    if (ends_with("'s")) w.resize(w.size() - 2);
    else if (ends_with("\xE2\x80\x99s")) w.resize(w.size() - 4);
    std::string out;
    out.reserve(w.size());
    for (size_t i = 0; i < w.size(); ++i) {
        if (w[i] == '\'') continue;
        if (w.compare(i, 3, "\xE2\x80\x99") == 0) {
            i += 2;
            continue;
        }
        out.push_back(w[i]);
    }
    w.swap(out);
}

}  // namespace

struct Analyzer::Impl {
    AnalyzerOptions options;
    sb_stemmer* stemmer = nullptr;
    const std::unordered_set<std::string_view>* stop = nullptr;
    // Word as written → its term ("" for a stop word): most words of a text were seen before, and a
    // hit costs one hash, no folding, no allocation for the lookup.
    std::unordered_map<std::string, std::string, WordHash, std::equal_to<>> terms_by_word;

    ~Impl() {
        if (stemmer) snowball().destroy(stemmer);
    }

    std::string stem(const std::string& word) {
        const SnowballApi& sb = snowball();
        const sb_symbol* s =
            sb.stem(stemmer, reinterpret_cast<const sb_symbol*>(word.data()), static_cast<int>(word.size()));
        return s ? std::string(reinterpret_cast<const char*>(s), sb.length(stemmer)) : word;
    }

    std::string analyse_word(std::string_view word) {
        std::string w = fold(word);
        strip_apostrophes(w);
        if (w.empty() || (stop && stop->count(w))) return {};
        return stemmer ? stem(w) : w;
    }

    // The term for one word of text; empty for a stop word.
    const std::string& term(std::string_view word) {
        if (auto it = terms_by_word.find(word); it != terms_by_word.end()) return it->second;
        if (terms_by_word.size() >= kStemCacheLimit) terms_by_word.clear();
        return terms_by_word.emplace(std::string(word), analyse_word(word)).first->second;
    }

    template <typename Emit>
    void scan(std::string_view text, Emit&& emit) {
        size_t i = 0;
        while (i < text.size()) {
            Decoded d = decode(text, i);
            if (is_ideograph(d.cp)) {
                emit(i, i + d.len);
                i += d.len;
                continue;
            }
            if (!is_word_char(d.cp)) {
                i += d.len;
                continue;
            }
            size_t begin = i;
            int32_t prev = d.cp;
            i += d.len;
            while (i < text.size()) {
                Decoded n = decode(text, i);
                if (is_word_char(n.cp) && !is_ideograph(n.cp)) {
                    prev = n.cp;
                    i += n.len;
                    continue;
                }
                // Keep "don't", "user's" and "3.5" / "10,000" together.
                if (i + n.len < text.size()) {
                    Decoded after = decode(text, i + n.len);
                    bool joins =
                        (is_apostrophe(n.cp) && is_word_char(prev) && is_word_char(after.cp) && !is_digit(after.cp)) ||
                        ((n.cp == '.' || n.cp == ',') && is_digit(prev) && is_digit(after.cp));
                    if (joins) {
                        prev = after.cp;
                        i += n.len + after.len;
                        continue;
                    }
                }
                break;
            }
            emit(begin, i);
        }
    }
};

Analyzer::Analyzer(const AnalyzerOptions& options) : impl_(std::make_unique<Impl>()) {
    impl_->options = options;
    if (options.language != "none") {
        impl_->stemmer = snowball().create(options.language.c_str(), "UTF_8");
        if (!impl_->stemmer) throw std::invalid_argument("unknown language '" + options.language + "'");
    }
    if (options.stop_words && (options.language == "english" || options.language == "en"))
        impl_->stop = &kEnglishStopWords;
}

Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

const AnalyzerOptions& Analyzer::options() const { return impl_->options; }

void Analyzer::terms(std::string_view text, std::vector<std::string>& out) {
    impl_->scan(text, [&](size_t b, size_t e) {
        const std::string& t = impl_->term(text.substr(b, e - b));
        if (!t.empty()) out.push_back(t);
    });
}

std::vector<std::string> Analyzer::terms(std::string_view text) {
    std::vector<std::string> out;
    terms(text, out);
    return out;
}

std::vector<Token> Analyzer::tokens(std::string_view text) {
    std::vector<Token> out;
    impl_->scan(text, [&](size_t b, size_t e) { out.push_back({b, e, impl_->term(text.substr(b, e - b))}); });
    return out;
}

std::vector<std::string> Analyzer::languages() {
    std::vector<std::string> out{"none"};
    for (const char** l = snowball().list(); *l; ++l) out.emplace_back(*l);
    return out;
}

}  // namespace rag
