// SPDX-License-Identifier: MIT
// One input file to documents: decompress, tell its format, render it as text.
#include "lib/index/formats.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <system_error>

#include <simdjson.h>

#include "lib/core/text_file.h"
#include "lib/index/decompress.h"
#include "lib/index/markdown.h"
#include "lib/index/roff.h"
#include "lib/index/sniff.h"

namespace rag::index {

namespace fs = std::filesystem;

namespace {

std::string field_text(simdjson::dom::element e) {
    std::string_view s;
    if (!e.get_string().get(s)) return std::string(s);
    if (e.is_null()) return {};
    return simdjson::minify(e);  // numbers as ids, say
}

void load_jsonl(const InputFile& file, std::string_view data, const JsonlFields& fields,
                const std::function<void(Document&&)>& sink, const std::function<void(const std::string&)>& warn) {
    simdjson::dom::parser parser;
    size_t line_no = 0, pos = 0;
    auto where = [&] { return file.path + ":" + std::to_string(line_no) + ": "; };
    while (pos < data.size()) {
        size_t nl = data.find('\n', pos);
        if (nl == std::string_view::npos) nl = data.size();
        std::string_view line = data.substr(pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        if (trim(line).empty()) continue;
        simdjson::dom::object obj;
        if (auto err = parser.parse(simdjson::padded_string(line)).get_object().get(obj)) {
            warn(where() + "not a JSON object: " + simdjson::error_message(err));
            continue;
        }
        Document doc;
        simdjson::dom::element e;
        if (!obj[fields.id].get(e)) doc.id = field_text(e);
        if (!obj[fields.title].get(e)) doc.title = field_text(e);
        if (!obj[fields.text].get(e)) doc.text = field_text(e);
        if (doc.id.empty()) {
            warn(where() + "no \"" + fields.id + "\" field");
            continue;
        }
        sink(std::move(doc));
    }
}

std::string read_input(const InputFile& file) {
    try {
        return decompress(read_file(file.path, "input"), file.path);
    } catch (const std::system_error& e) {
        throw LoadError(SkipReason::unreadable, e.what());
    }
}

// A PDF's text; a compressed one goes to pdftotext through a temporary file.
std::string load_pdf(const InputFile& file) {
    if (file.path == "-" || without_compression_suffix(file.path) == file.path) return pdf_to_text(file.path);
    std::string data = read_input(file);
    char tmpl[] = "/tmp/rag-index-pdf-XXXXXX";
    int fd = mkstemp(tmpl);
    if (fd < 0) throw LoadError(SkipReason::unreadable, "cannot read '" + file.path + "': no temporary file");
    bool written = ::write(fd, data.data(), data.size()) == static_cast<ssize_t>(data.size());
    ::close(fd);
    struct Unlink {
        const char* p;
        ~Unlink() { ::unlink(p); }
    } unlink_later{tmpl};
    if (!written)
        throw LoadError(SkipReason::unreadable, "cannot read '" + file.path + "': temporary file not written");
    try {
        return pdf_to_text(tmpl);
    } catch (const LoadError&) {
        throw LoadError(SkipReason::unreadable, "cannot read '" + file.path + "': pdftotext failed");
    }
}

// The document of a text format: its text without markup, and a title.
Document render(const InputFile& file, InputType type, std::string data) {
    Document doc{file.id, {}, {}};
    if (type == InputType::html) doc.text = html_to_text(data, &doc.title);
    else if (type == InputType::man) doc.text = man_to_text(data, doc.title);
    else if (type == InputType::markdown) doc.text = markdown_to_text(data, &doc.title);
    else doc.text = std::move(data);
    if (doc.title.empty())
        doc.title = file.path == "-" ? "stdin"
                                     : std::string(without_compression_suffix(fs::path(file.path).filename().string()));
    return doc;
}

}  // namespace

void load_file(const InputFile& file, const JsonlFields& fields, const std::function<void(Document&&)>& sink,
               const std::function<void(const std::string&)>& warn) {
    if (file.type == InputType::pdf) {
        std::string name(without_compression_suffix(fs::path(file.path).filename().string()));
        sink({file.id, fs::path(name).stem().string(), load_pdf(file)});
        return;
    }
    std::string data = read_input(file);
    InputType type = file.type == InputType::automatic ? sniff_type(data) : file.type;
    if (type == InputType::jsonl) return load_jsonl(file, data, fields, sink, warn);
    if (type != InputType::html && looks_binary(data))
        throw LoadError(SkipReason::binary, "'" + file.path + "' looks binary; skipped");
    Document doc = render(file, type, std::move(data));
    if (trim(doc.text).empty()) throw LoadError(SkipReason::empty, "'" + file.path + "' holds no text; skipped");
    sink(std::move(doc));
}

std::string_view skip_reason_name(SkipReason reason) {
    switch (reason) {
    case SkipReason::unreadable: return "unreadable";
    case SkipReason::binary: return "binary";
    case SkipReason::empty: return "empty";
    case SkipReason::malformed: return "malformed";
    }
    return "unknown";
}

}  // namespace rag::index
