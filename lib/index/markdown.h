// SPDX-License-Identifier: MIT
// Markdown rendered as plain text for indexing: what a reader sees, not its markup.
#pragma once

#include <string>
#include <string_view>

namespace rag::index {

/// The text of a Markdown document: heading markers, emphasis, link and
/// image syntax (their text kept), table pipes and rules, fences and HTML
/// tags removed; code kept as written, paragraphs as blank lines. `title`
/// (when given) gets markdown_title().
std::string markdown_to_text(std::string_view md, std::string* title = nullptr);

/// The front matter's title, else the first ATX heading ("# x"), or "".
std::string markdown_title(std::string_view text);

/// One line of Markdown with its inline markup rendered (emphasis, code
/// spans, links, images, autolinks, HTML tags, backslash escapes).
std::string markdown_inline(std::string_view line);

}  // namespace rag::index
