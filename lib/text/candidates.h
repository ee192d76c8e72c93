// SPDX-License-Identifier: MIT
// The parts of a passage that can answer a question: sentences and option entries, never page chrome.
#pragma once

#include <string_view>
#include <vector>

#include "lib/text/analyze.h"

namespace rag {

/// A sentence of a passage that may be quoted as an answer.
struct Candidate {
    Span span;            ///< what to quote, in the passage, white space around excluded
    Span scope;           ///< what it is about: the span, or an option entry's whole paragraph
    bool option = false;  ///< an option entry: its line ("-L, --location") and the first sentence of its description
    Span entry;           ///< a later sentence of an option entry: the entry's option line (else empty)
};

/// The answer candidates of `text`, in order. Lines that are page chrome are
/// never part of one: a man page's header and footer ("CURL(1)  curl Manual
/// CURL(1)"), section headings (a line in capitals at the margin, a Markdown
/// "#" heading), table rules ("----+----", "|---|"), and the text under a
/// NAME or SYNOPSIS heading. The rest is split into sentences
/// (split_sentences) within the blocks that blank lines and chrome bound; a
/// line that starts with an option and is indented less than the line before
/// it (a man page's option list) starts a new block, so an option line and its
/// description form one candidate, whose scope is its whole first paragraph.
/// An option line alone, then a blank line and a description indented more
/// (as sed(1) renders "-n, --quiet, --silent"), is one entry too. The later
/// sentences of an entry carry its option line, so that a quote of one of
/// them can name the option it describes.
std::vector<Candidate> answer_candidates(std::string_view text);

}  // namespace rag
