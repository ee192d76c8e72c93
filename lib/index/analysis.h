// SPDX-License-Identifier: MIT
// Documents into what the index stores of them: chunk records and term counts, on every core.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "lib/index/chunker.h"
#include "lib/index/document.h"
#include "lib/text/analyze.h"

namespace rag::index {

struct TermCount {
    std::string term;
    uint32_t tf = 0;
};

/// One passage as the writer takes it: the encoded ChunkRecord, its length
/// in terms, and its distinct terms with their counts.
struct AnalysedChunk {
    std::string record;
    uint32_t length = 0;
    std::vector<TermCount> terms;
};

struct AnalysedDocument {
    std::string id;
    std::vector<AnalysedChunk> chunks;
};

/// The distinct terms of a passage (its title and text) with their counts,
/// in term order; `length` gets the number of terms, long ones included
/// (they are counted, not indexed).
std::vector<TermCount> count_terms(Analyzer& analyzer, std::string_view title, std::string_view text, uint32_t& length);

/// Chunks and analyses `docs` (consumed) on one thread per analyzer, each
/// thread with its own; the results come in the order of `docs`, as one
/// thread would give them. Rethrows the first exception a thread threw.
std::vector<AnalysedDocument> analyse_documents(std::vector<Document>& docs, std::vector<Analyzer>& analyzers,
                                                const ChunkOptions& chunking);

}  // namespace rag::index
