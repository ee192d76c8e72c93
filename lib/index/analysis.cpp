// SPDX-License-Identifier: MIT
#include "lib/index/analysis.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <thread>

#include "lib/index/layout.h"

namespace rag::index {
namespace {

AnalysedDocument analyse(Analyzer& analyzer, Document& doc, const ChunkOptions& chunking) {
    AnalysedDocument out{doc.id, {}};
    std::vector<std::string> pieces = chunk_text(doc.text, chunking);
    out.chunks.resize(pieces.size());
    for (size_t i = 0; i < pieces.size(); ++i) {
        AnalysedChunk& c = out.chunks[i];
        c.terms = count_terms(analyzer, doc.title, pieces[i], c.length);
        std::string id = pieces.size() == 1 ? doc.id : doc.id + "#" + std::to_string(i + 1);
        c.record = encode_chunk({std::move(id), doc.id, doc.title, std::move(pieces[i])});
    }
    doc = {};  // its text now lives in the records
    return out;
}

}  // namespace

std::vector<TermCount> count_terms(Analyzer& analyzer, std::string_view title, std::string_view text,
                                   uint32_t& length) {
    std::vector<std::string> terms;
    analyzer.terms(title, terms);
    analyzer.terms(text, terms);
    length = static_cast<uint32_t>(terms.size());
    std::sort(terms.begin(), terms.end());
    std::vector<TermCount> counts;
    for (std::string& t : terms) {
        if (t.size() > kMaxTermBytes) continue;
        if (!counts.empty() && counts.back().term == t) ++counts.back().tf;
        else counts.push_back({std::move(t), 1});
    }
    return counts;
}

std::vector<AnalysedDocument> analyse_documents(std::vector<Document>& docs, std::vector<Analyzer>& analyzers,
                                                const ChunkOptions& chunking) {
    std::vector<AnalysedDocument> out(docs.size());
    std::atomic<size_t> next{0};  // documents differ in size: each thread takes the next one free
    std::vector<std::exception_ptr> errors(analyzers.size());
    auto work = [&](size_t t) {
        try {
            for (size_t i; (i = next.fetch_add(1)) < docs.size();) out[i] = analyse(analyzers[t], docs[i], chunking);
        } catch (...) {
            errors[t] = std::current_exception();
            next = docs.size();
        }
    };
    size_t threads = std::min(analyzers.size(), docs.size());
    std::vector<std::thread> pool;
    for (size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (std::thread& th : pool) th.join();
    for (const std::exception_ptr& e : errors)
        if (e) std::rethrow_exception(e);
    return out;
}

}  // namespace rag::index
