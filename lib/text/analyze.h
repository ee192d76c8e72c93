// SPDX-License-Identifier: MIT
// Text analysis shared by indexing, querying, extraction and verification:
// Unicode normalisation and case folding, word tokens, stop words, stemming.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace rag {

/// A word of the original text with its position, before stop-word removal
/// and stemming (for snippets and highlighting).
struct Token {
    size_t begin = 0, end = 0;  ///< byte offsets into the analysed text
    std::string term;           ///< the analysed term; empty for a stop word
};

struct AnalyzerOptions {
    std::string language = "english";  ///< a Snowball language name; "none" disables stemming
    bool stop_words = true;            ///< drop the language's stop words (English only for now)
};

/// Turns text into index terms: NFKC normalisation and case folding
/// (utf8proc), words made of letters, digits and marks (so non-ASCII text
/// tokenises), English possessives stripped, stop words dropped, Snowball
/// stemming. Not thread-safe (the stemmer holds state): one per thread.
class Analyzer {
public:
    /// Throws std::invalid_argument for a language libstemmer does not know.
    explicit Analyzer(const AnalyzerOptions& options = {});
    ~Analyzer();
    Analyzer(Analyzer&&) noexcept;
    Analyzer& operator=(Analyzer&&) noexcept;

    /// Appends the terms of `text` to `out`, in order (stop words omitted).
    void terms(std::string_view text, std::vector<std::string>& out);
    std::vector<std::string> terms(std::string_view text);

    /// Every word of `text` with its byte span; stop words have an empty term.
    std::vector<Token> tokens(std::string_view text);

    const AnalyzerOptions& options() const;

    /// The Snowball languages available (for --help and errors).
    static std::vector<std::string> languages();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Byte spans of the sentences of `text`: split after ., ! or ? (and their
/// CJK forms) followed by space or end, and at blank lines; abbreviations
/// like "e.g." and decimals like "3.5" do not split. Spans exclude the
/// surrounding white space. Markdown code (fenced, or indented four spaces
/// after a blank line) ends a sentence and yields none; `indented_code` false
/// takes indentation for layout instead (a rendered man page indents all its prose).
struct Span {
    size_t begin = 0, end = 0;
};
struct SentenceOptions {
    bool indented_code = true;
};
std::vector<Span> split_sentences(std::string_view text, const SentenceOptions& options = {});

}  // namespace rag
