// SPDX-License-Identifier: MIT
// Finding input files: names, directory walks, include and exclude globs.
#include "lib/index/inputs.h"

#include <fnmatch.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <filesystem>
#include <map>

#include "lib/index/decompress.h"
#include "lib/index/document.h"

namespace rag::index {

namespace fs = std::filesystem;

namespace {

constexpr std::array<std::pair<std::string_view, InputType>, 7> kTypeNames{{
    {"auto", InputType::automatic},
    {"jsonl", InputType::jsonl},
    {"text", InputType::text},
    {"markdown", InputType::markdown},
    {"html", InputType::html},
    {"man", InputType::man},
    {"pdf", InputType::pdf},
}};

std::string lower_extension(std::string_view path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

std::string clean_id(std::string path) {
    while (path.size() > 2 && path.compare(0, 2, "./") == 0) path.erase(0, 2);
    return path;
}

// Counts, per glob, the files it matched, so that a glob matching none can be reported.
class GlobSet {
public:
    explicit GlobSet(const std::vector<std::string>& globs) {
        for (const std::string& g : globs) hits_[g];
    }
    bool empty() const { return hits_.empty(); }
    bool match(const std::string& rel) {
        std::string base = fs::path(rel).filename().string();
        bool any = false;
        for (auto& [glob, hits] : hits_)
            if (fnmatch(glob.c_str(), rel.c_str(), 0) == 0 || fnmatch(glob.c_str(), base.c_str(), 0) == 0) {
                ++hits;
                any = true;
            }
        return any;
    }
    void append_unmatched(std::vector<std::string>& out) const {
        for (const auto& [glob, hits] : hits_)
            if (hits == 0) out.push_back(glob);
    }

private:
    std::map<std::string, size_t> hits_;
};

struct Walk {
    GlobSet include, exclude;
    InputType forced;
};

[[noreturn]] void unreadable_dir(const std::string& dir, const std::error_code& ec) {
    throw LoadError(SkipReason::unreadable, "cannot read directory '" + dir + "': " + ec.message());
}

void walk(const std::string& dir, Walk& w, std::vector<InputFile>& out) {
    std::vector<InputFile> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) unreadable_dir(dir, ec);
    for (; it != end; it.increment(ec)) {
        if (ec) unreadable_dir(dir, ec);
        std::string name = it->path().filename().string();
        if (name.size() > 1 && name[0] == '.') {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec)) continue;
        std::string rel = fs::relative(it->path(), dir, ec).generic_string();
        bool wanted = w.include.empty() || w.include.match(rel);
        if (!wanted || w.exclude.match(rel)) continue;
        std::string path = it->path().generic_string();
        InputType type = w.forced != InputType::automatic ? w.forced : type_of_path(path);
        found.push_back({path, clean_id(path), type, it->file_size(ec), false});
    }
    std::sort(found.begin(), found.end(), [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
    out.insert(out.end(), found.begin(), found.end());
}

}  // namespace

std::optional<InputType> parse_input_type(std::string_view name) {
    for (const auto& [n, type] : kTypeNames)
        if (n == name) return type;
    return std::nullopt;
}

InputType type_of_path(const std::string& path) {
    std::string ext = lower_extension(without_compression_suffix(path));
    if (ext == ".jsonl" || ext == ".ndjson") return InputType::jsonl;
    if (ext == ".md" || ext == ".markdown" || ext == ".mdown" || ext == ".mkd") return InputType::markdown;
    if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return InputType::html;
    if (ext == ".pdf") return InputType::pdf;
    if (ext.size() == 2 && ext[1] >= '1' && ext[1] <= '9') return InputType::man;
    if (ext == ".txt" || ext == ".text" || ext == ".rst" || ext == ".adoc" || ext == ".org") return InputType::text;
    return InputType::automatic;
}

InputList find_inputs(const std::vector<std::string>& inputs, const InputFilter& filter, InputType forced) {
    InputList list;
    Walk w{GlobSet(filter.include), GlobSet(filter.exclude), forced};
    for (const std::string& in : inputs) {
        if (in == "-") {
            list.files.push_back({"-", "stdin", forced, 0, true});
            continue;
        }
        std::error_code ec;
        auto st = fs::status(in, ec);
        if (ec || !fs::exists(st))
            throw LoadError(SkipReason::unreadable, "cannot open '" + in + "': No such file or directory");
        if (fs::is_directory(st)) {
            walk(in, w, list.files);
            continue;
        }
        InputType type = forced != InputType::automatic ? forced : type_of_path(in);
        list.files.push_back({in, clean_id(in), type, fs::file_size(in, ec), true});
    }
    w.include.append_unmatched(list.unmatched);
    w.exclude.append_unmatched(list.unmatched);
    return list;
}

}  // namespace rag::index
