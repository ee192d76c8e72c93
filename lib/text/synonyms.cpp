// SPDX-License-Identifier: MIT
// The synonym table: groups of words that name one action, matched after analysis.
#include "lib/text/synonyms.h"

#include <algorithm>
#include <string_view>

namespace rag {
namespace {

// Each line is one group. Kept small and general: verbs a user says where a
// manual says another, never words specific to one tool.
constexpr std::string_view kGroups[] = {
    "unpack extract",     "uncompress decompress", "delete remove erase", "quiet silent",
    "show display print", "crash failure",         "stop terminate",      "run execute",
    "download fetch",     "folder directory",      "change modify",       "abort cancel",
};

}  // namespace

std::vector<std::string> with_synonyms(const std::string& term, Analyzer& analyzer) {
    std::vector<std::string> out{term};
    for (std::string_view group : kGroups) {
        std::vector<std::string> words = analyzer.terms(group);
        if (std::find(words.begin(), words.end(), term) == words.end()) continue;
        for (std::string& w : words)
            if (std::find(out.begin(), out.end(), w) == out.end()) out.push_back(std::move(w));
    }
    return out;
}

}  // namespace rag
