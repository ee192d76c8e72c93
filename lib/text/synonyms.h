// SPDX-License-Identifier: MIT
// Words that documentation and its readers use for the same action ("unpack" / "extract").
#pragma once

#include <string>
#include <vector>

#include "lib/text/analyze.h"

namespace rag {

/// `term` (an analysed term) and the analysed terms of its synonyms, `term`
/// first. One small table of documentation verbs and their nouns, so that a
/// question worded its own way ("uncompress") meets the page's word
/// ("decompress"). Uses `analyzer` (not thread-safe).
std::vector<std::string> with_synonyms(const std::string& term, Analyzer& analyzer);

}  // namespace rag
