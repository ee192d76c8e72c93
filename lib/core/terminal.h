// SPDX-License-Identifier: MIT
// Text bound for a person's terminal: control characters made visible.
#pragma once

#include <string>
#include <string_view>

namespace rag {

/// `text` with every C0 control but newline and tab, DEL, and the C1 controls
/// (U+0080 to U+009F) written in caret notation as `cat -v` does (ESC is
/// "^[", U+009B is "M-^["), so document text cannot move the cursor, clear
/// the screen or retitle the window.
std::string escape_controls(std::string_view text);

/// The length of the longest prefix of `text` that does not end inside a
/// UTF-8 sequence: what can be escaped now, the rest waiting for more bytes.
size_t complete_utf8_prefix(std::string_view text);

}  // namespace rag
