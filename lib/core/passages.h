// SPDX-License-Identifier: MIT
// The passages of a `context` event and the sources of a `sources` event, as read by every stage.
#pragma once

#include <string_view>
#include <vector>

#include "lib/core/event.h"

namespace rag {

/// One passage or source. Views point into the event and are valid only
/// while it is (during the handler call); a missing field is empty (score 0).
struct PassageView {
    std::string_view doc, title, text, snippet;
    double score = 0;
};

/// The objects of data[`list`]: "passages" of a `context`, "sources" of a
/// `sources` event. Empty when the list is absent; an element that is not an
/// object reads as an empty passage, so that citations [n] keep their numbers.
std::vector<PassageView> read_passages(const Event& ev, std::string_view list = "passages");

}  // namespace rag
