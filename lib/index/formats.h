// SPDX-License-Identifier: MIT
// Reading one input file into documents, by its format: BEIR-style JSONL,
// plain text, Markdown, HTML, roff man pages and PDF, any of them compressed.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "lib/index/document.h"
#include "lib/index/inputs.h"

namespace rag::index {

/// The JSONL fields that hold a document's id, title and text.
struct JsonlFields {
    std::string id = "_id";
    std::string title = "title";
    std::string text = "text";
};

/// Reads one file and calls `sink` for each document in it (JSONL holds many).
/// Compressed files are decompressed first; a file of type `automatic` is
/// read as its content says. Bad JSONL lines are reported through `warn`
/// and skipped. Throws LoadError for a file that gives no document.
void load_file(const InputFile& file, const JsonlFields& fields, const std::function<void(Document&&)>& sink,
               const std::function<void(const std::string&)>& warn);

/// The text of an HTML page without markup (scripts and styles dropped,
/// entities decoded, blocks as paragraphs); `title` gets <title>.
std::string html_to_text(std::string_view html, std::string* title = nullptr);

/// The text of a PDF file, by pdftotext (poppler-utils). Throws LoadError.
std::string pdf_to_text(const std::string& path);

}  // namespace rag::index
