// SPDX-License-Identifier: MIT
// Input discovery for rag-index: files, directories walked recursively and
// standard input, each with the document id and the format it is read as.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rag::index {

/// How an input is read; `automatic` decides by name, then by content.
enum class InputType { automatic, jsonl, text, markdown, html, man, pdf };

/// "auto", "jsonl", ...; nullopt for an unknown name.
std::optional<InputType> parse_input_type(std::string_view name);

/// The type a file name says, ignoring a compression suffix (".gz", ".xz",
/// ".bz2", ".zst"); `automatic` when the name says nothing.
InputType type_of_path(const std::string& path);

/// One file to read ("-" is standard input), its document id and its type.
struct InputFile {
    std::string path;
    std::string id;
    InputType type = InputType::automatic;
    uintmax_t size = 0;
    bool named = true;  ///< given as an input, not found by a directory walk
};

/// Which files a directory walk takes: every file whose name or relative
/// path an `include` glob matches (all files when empty), and no `exclude`.
struct InputFilter {
    std::vector<std::string> include;
    std::vector<std::string> exclude;
};

struct InputList {
    std::vector<InputFile> files;
    std::vector<std::string> unmatched;  ///< --include/--exclude globs that matched no file
};

/// Expands `inputs` (files, directories, "-") into files, in a stable order.
/// Directories are walked recursively, hidden entries skipped. `forced` is
/// the type of every file unless `automatic`. Throws LoadError (unreadable)
/// for an input that does not exist or a directory that cannot be read.
InputList find_inputs(const std::vector<std::string>& inputs, const InputFilter& filter, InputType forced);

}  // namespace rag::index
