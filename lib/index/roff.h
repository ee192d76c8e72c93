// SPDX-License-Identifier: MIT
// roff man pages (man(7) and mdoc(7)) rendered as plain text for indexing.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace rag::index {

/// The text of a man page: macros and escapes rendered away, paragraphs at
/// sections, paragraph macros and list items (an option's tag and its
/// description stay one paragraph); comments, macro definitions and
/// conditionals dropped; tables as rows of cells. `title` gets
/// "name - description" from the NAME section (or .Nm and .Nd).
std::string man_to_text(std::string_view src, std::string& title);

/// User strings defined by .ds, expanded by \*x, \*(xx and \*[name].
using RoffStrings = std::map<std::string, std::string, std::less<>>;

/// `s` with roff escapes rendered: fonts and sizes dropped, special
/// characters (\(aq, \[em], \-) as UTF-8, \e as a backslash, strings
/// expanded, a \" comment cut off.
std::string roff_unescape(std::string_view s, const RoffStrings& strings);

}  // namespace rag::index
