// SPDX-License-Identifier: MIT
// Inputs of rag-index: BEIR-style JSONL, plain text, Markdown, HTML and PDF
// files, whole directories, and standard input, turned into documents.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

namespace rag::index {

/// A document before chunking.
struct Document {
    std::string id;
    std::string title;
    std::string text;
};

/// A fault of one input (unreadable file, bad JSON line): reported, then skipped.
struct LoadError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct LoadOptions {
    std::string type = "auto";       ///< auto, jsonl, text, markdown, html, man, pdf
    std::string id_field = "_id";    ///< JSONL fields
    std::string title_field = "title";
    std::string text_field = "text";
    std::vector<std::string> include;   ///< globs for files found in directories
    std::vector<std::string> exclude;
};

/// One file to read ("-" is standard input), its document id and its type.
struct InputFile {
    std::string path;
    std::string id;
    std::string type;
    uintmax_t size = 0;
};

/// The types known from a file name ("" when unknown).
std::string type_of_path(const std::string& path);

/// Expands `inputs` (files, directories, "-") into files, in a stable order.
/// Directories are walked recursively, hidden entries skipped; their files
/// are taken when `include` matches (default: every known type) and
/// `exclude` does not. Throws LoadError for an input that does not exist.
std::vector<InputFile> list_inputs(const std::vector<std::string>& inputs, const LoadOptions& options);

/// Reads one file and calls `sink` for each document in it (JSONL holds many).
/// Bad JSONL lines are reported through `warn` and skipped. Throws LoadError.
void load_file(const InputFile& file, const LoadOptions& options,
               const std::function<void(Document&&)>& sink,
               const std::function<void(const std::string&)>& warn);

/// The text of an HTML page without markup (scripts and styles dropped,
/// entities decoded, blocks as paragraphs); `title` gets <title>.
std::string html_to_text(std::string_view html, std::string* title = nullptr);

/// The first Markdown heading (ATX "# x" or a front-matter title), or "".
std::string markdown_title(std::string_view text);

}  // namespace rag::index
