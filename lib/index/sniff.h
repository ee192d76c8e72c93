// SPDX-License-Identifier: MIT
// Telling text from binary, and one text format from another, by content.
#pragma once

#include <string_view>

#include "lib/index/inputs.h"

namespace rag::index {

/// True when the start of `data` holds a NUL byte or many control
/// characters (images, archives, object files), which no text file has.
bool looks_binary(std::string_view data);

/// The format `data` is written in: JSONL (a first line that is an object), HTML,
/// roff (a man page's macros), Markdown (a '#' heading or a setext
/// underline first), else plain text. Never `automatic`, never `pdf`.
InputType sniff_type(std::string_view data);

}  // namespace rag::index
