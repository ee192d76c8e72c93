// SPDX-License-Identifier: MIT
// Splitting long documents into passages on paragraph and sentence boundaries.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace rag::index {

struct ChunkOptions {
    size_t words = 300;  ///< target passage length in words
    size_t overlap = 0;  ///< words of whole sentences repeated from the previous passage
};

/// The passages of `text`. A document of up to 1.5 times `words` stays
/// whole (one passage, no tiny tail); longer ones are packed from whole
/// paragraphs, paragraphs too long from whole sentences, and sentences too
/// long from words. Passages keep paragraph breaks as blank lines.
std::vector<std::string> chunk_text(std::string_view text, const ChunkOptions& options);

/// Words of `text` separated by white space.
size_t count_words(std::string_view text);

}  // namespace rag::index
