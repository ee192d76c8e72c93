// SPDX-License-Identifier: MIT
// A document read from an input, before chunking, and why an input gave none.
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace rag::index {

struct Document {
    std::string id;
    std::string title;
    std::string text;
};

/// Why an input file gave no document; the build summary counts each.
enum class SkipReason { unreadable, binary, empty, malformed };

std::string_view skip_reason_name(SkipReason reason);

/// A fault of one input (unreadable file, binary content, bad JSON line):
/// reported, then skipped.
struct LoadError : std::runtime_error {
    LoadError(SkipReason reason, const std::string& what) : std::runtime_error(what), reason(reason) {}
    SkipReason reason;
};

}  // namespace rag::index
