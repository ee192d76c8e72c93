// SPDX-License-Identifier: MIT
// Answer-likeness cues for the extractive answerer: plain text tests, no scoring.
#pragma once

#include <string>
#include <string_view>

namespace rag {

/// `text` in ASCII lower case.
std::string lowered(std::string_view text);

/// Whether a lower-cased question asks for a number or a default ("how many", "default").
bool asks_for_value(const std::string& question);

/// "BM25 is a ranking function ...": a sentence that states what its subject is, early on.
bool is_definition(std::string_view text);

/// Whether `text` holds a number or says "default".
bool holds_value(std::string_view text);

/// A command example rather than a sentence: it opens with "$ " or "Example:",
/// or it does not end a sentence and holds a shell operator (" | ", " > ").
bool is_example(std::string_view text);

/// The name a document goes by: its title up to the first character that is
/// not part of a program's name ("less.1.txt" -> "less", "apt-get(8)" -> "apt-get"), lower case.
std::string document_name(std::string_view title);

/// Whether the lower-cased `question` holds `name` as a word of its own.
bool names_document(std::string_view question, const std::string& name);

}  // namespace rag
