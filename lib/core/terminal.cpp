// SPDX-License-Identifier: MIT
// Text bound for a person's terminal: control characters made visible.
#include "lib/core/terminal.h"

namespace rag {
namespace {

bool is_c0_or_del(unsigned char c) { return (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F; }

// "^[" for ESC, "^?" for DEL: the character with bit 6 flipped.
void append_caret(std::string& out, unsigned char c) {
    out += '^';
    out += static_cast<char>(c ^ 0x40);
}

}  // namespace

std::string escape_controls(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        auto c = static_cast<unsigned char>(text[i]);
        if (is_c0_or_del(c)) {
            append_caret(out, c);
        } else if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) <= 0x9F &&
                   static_cast<unsigned char>(text[i + 1]) >= 0x80) {
            out += "M-";  // U+0080..U+009F: C1 controls (0x9B is CSI on many terminals)
            append_caret(out, static_cast<unsigned char>(text[++i]) - 0x80);
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

size_t complete_utf8_prefix(std::string_view text) {
    size_t n = text.size();
    // Step back over at most three continuation bytes to the sequence's lead byte;
    // the text ends inside the sequence when the lead needs more bytes than are there.
    for (size_t back = 1; back <= 4 && back <= n; ++back) {
        auto c = static_cast<unsigned char>(text[n - back]);
        if ((c & 0xC0) == 0x80) continue;
        size_t need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        return back >= need ? n : n - back;
    }
    return n;  // no lead byte within reach: not UTF-8 we can wait for
}

}  // namespace rag
