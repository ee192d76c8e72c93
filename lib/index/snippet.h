// SPDX-License-Identifier: MIT
// The best-matching window of a passage, shown with a source.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lib/text/analyze.h"

namespace rag::index {

/// The window of about `words` words of `text` that holds the most query
/// weight (each distinct query term counted once, by its weight), cut at
/// word boundaries, with "…" where text was left out. Without a match, the
/// first window.
std::string best_snippet(Analyzer& analyzer, std::string_view text,
                         const std::vector<std::pair<std::string, double>>& query_terms, size_t words = 30);

}  // namespace rag::index
