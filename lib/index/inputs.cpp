// SPDX-License-Identifier: MIT
// Finding input files and reading them into documents.
#include "lib/index/loaders.h"

#include <fnmatch.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <simdjson.h>

namespace rag::index {

namespace fs = std::filesystem;

namespace {

std::string extension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
}

bool matches(const std::vector<std::string>& globs, const std::string& rel) {
    std::string base = fs::path(rel).filename().string();
    for (const std::string& g : globs)
        if (fnmatch(g.c_str(), rel.c_str(), 0) == 0 || fnmatch(g.c_str(), base.c_str(), 0) == 0) return true;
    return false;
}

std::string clean_id(std::string path) {
    while (path.size() > 2 && path.compare(0, 2, "./") == 0) path.erase(0, 2);
    return path;
}

void walk(const std::string& dir, const LoadOptions& options, std::vector<InputFile>& out) {
    std::vector<InputFile> found;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
    if (ec) throw LoadError("cannot read directory '" + dir + "': " + ec.message());
    for (; it != end; it.increment(ec)) {
        if (ec) throw LoadError("cannot read directory '" + dir + "': " + ec.message());
        std::string name = it->path().filename().string();
        if (name.size() > 1 && name[0] == '.') {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file(ec)) continue;
        std::string rel = fs::relative(it->path(), dir, ec).generic_string();
        std::string path = it->path().generic_string();
        std::string type = options.type != "auto" ? options.type : type_of_path(path);
        bool wanted = options.include.empty() ? !type.empty() : matches(options.include, rel);
        if (!wanted || matches(options.exclude, rel)) continue;
        found.push_back({path, clean_id(path), type.empty() ? "text" : type, it->file_size(ec)});
    }
    std::sort(found.begin(), found.end(), [](const InputFile& a, const InputFile& b) { return a.path < b.path; });
    out.insert(out.end(), found.begin(), found.end());
}

std::string read_all(const std::string& path) {
    if (path == "-") {
        std::string s;
        char buf[65536];
        for (ssize_t n; (n = ::read(0, buf, sizeof buf)) != 0;) {
            if (n < 0 && errno == EINTR) continue;
            if (n < 0) throw LoadError(std::string("cannot read standard input: ") + std::strerror(errno));
            s.append(buf, static_cast<size_t>(n));
        }
        return s;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) throw LoadError("cannot open '" + path + "': " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    return std::move(ss).str();
}

// Runs pdftotext without a shell and returns what it printed.
std::string pdf_text(const std::string& path) {
    int fds[2];
    if (pipe(fds) != 0) throw LoadError("cannot read '" + path + "': pipe: " + std::strerror(errno));
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
    posix_spawn_file_actions_addclose(&actions, fds[0]);
    std::string file = path;
    char* argv[] = {const_cast<char*>("pdftotext"), const_cast<char*>("-q"), const_cast<char*>("-enc"),
                    const_cast<char*>("UTF-8"), file.data(), const_cast<char*>("-"), nullptr};
    pid_t pid;
    int rc = posix_spawnp(&pid, "pdftotext", &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    close(fds[1]);
    if (rc != 0) {
        close(fds[0]);
        throw LoadError("cannot read '" + path + "': pdftotext not found (install poppler-utils)");
    }
    std::string out;
    char buf[65536];
    for (ssize_t n; (n = ::read(fds[0], buf, sizeof buf)) != 0;) {
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) break;
        out.append(buf, static_cast<size_t>(n));
    }
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {}
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        throw LoadError("cannot read '" + path + "': pdftotext failed");
    return out;
}

std::string field_text(simdjson::dom::element e) {
    std::string_view s;
    if (!e.get_string().get(s)) return std::string(s);
    if (e.is_null()) return {};
    return simdjson::minify(e);   // numbers as ids, say
}

void load_jsonl(const InputFile& file, const std::string& data, const LoadOptions& options,
                const std::function<void(Document&&)>& sink,
                const std::function<void(const std::string&)>& warn) {
    simdjson::dom::parser parser;
    size_t line_no = 0, pos = 0;
    while (pos < data.size()) {
        size_t nl = data.find('\n', pos);
        if (nl == std::string::npos) nl = data.size();
        std::string_view line(data.data() + pos, nl - pos);
        pos = nl + 1;
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
        simdjson::dom::object obj;
        if (auto err = parser.parse(simdjson::padded_string(line)).get_object().get(obj)) {
            warn(file.path + ":" + std::to_string(line_no) + ": not a JSON object: " + simdjson::error_message(err));
            continue;
        }
        Document doc;
        simdjson::dom::element e;
        if (!obj[options.id_field].get(e)) doc.id = field_text(e);
        if (!obj[options.title_field].get(e)) doc.title = field_text(e);
        if (!obj[options.text_field].get(e)) doc.text = field_text(e);
        if (doc.id.empty()) {
            warn(file.path + ":" + std::to_string(line_no) + ": no \"" + options.id_field + "\" field");
            continue;
        }
        sink(std::move(doc));
    }
}

// A man page's text: comments dropped, mdoc/man macro names removed, their
// arguments kept; paragraphs at .Sh/.SH/.Pp/.PP. Title: "name - description".
std::string man_to_text(std::string_view src, std::string& title) {
    std::string out, name;
    for (size_t pos = 0; pos < src.size();) {
        size_t nl = std::min(src.find('\n', pos), src.size());
        std::string_view line = src.substr(pos, nl - pos);
        pos = nl + 1;
        if (line.substr(0, 3) == ".\\\"" || line.substr(0, 3) == "'\\\"") continue;
        if (line.empty() || line[0] != '.') {
            out.append(line).append("\n");
            continue;
        }
        std::istringstream words{std::string(line.substr(1))};
        std::string macro, w, args;
        words >> macro;
        if (macro == "Dd" || macro == "Dt" || macro == "Os" || macro == "Bl" || macro == "Bd" || macro == "TH") continue;
        bool flag = macro == "Fl";   // mdoc's Fl prints its argument with a dash
        while (words >> w) {
            bool is_macro = w.size() >= 2 && w.size() <= 3 && std::isupper(static_cast<unsigned char>(w[0])) &&
                            std::islower(static_cast<unsigned char>(w[1]));
            if (!is_macro) args += (args.empty() ? "" : " ") + (flag ? "-" + w : w);
            flag = w == "Fl";
        }
        if (macro == "Nm" && name.empty()) name = args;
        if (macro == "Nd") title = name + " - " + args;
        if (macro == "Sh" || macro == "SH" || macro == "Pp" || macro == "PP" || macro == "Ss") out += "\n";
        if (!args.empty()) out += args + "\n";
    }
    return out;
}

std::string sniff_type(const std::string& data) {
    size_t first = data.find_first_not_of(" \t\r\n");
    if (first != std::string::npos && data[first] == '{') return "jsonl";
    if (first != std::string::npos && data[first] == '<') return "html";
    return "text";
}

}  // namespace

std::string type_of_path(const std::string& path) {
    std::string ext = extension(path);
    if (ext == ".jsonl" || ext == ".ndjson") return "jsonl";
    if (ext == ".md" || ext == ".markdown" || ext == ".mdown" || ext == ".mkd") return "markdown";
    if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return "html";
    if (ext == ".pdf") return "pdf";
    if (ext.size() == 2 && ext[1] >= '1' && ext[1] <= '9') return "man";
    if (ext == ".txt" || ext == ".text" || ext == ".rst" || ext == ".adoc" || ext == ".org") return "text";
    return {};
}

std::vector<InputFile> list_inputs(const std::vector<std::string>& inputs, const LoadOptions& options) {
    std::vector<InputFile> out;
    for (const std::string& in : inputs) {
        if (in == "-") {
            out.push_back({"-", "stdin", options.type, 0});
            continue;
        }
        std::error_code ec;
        auto st = fs::status(in, ec);
        if (ec || !fs::exists(st)) throw LoadError("cannot open '" + in + "': No such file or directory");
        if (fs::is_directory(st)) {
            walk(in, options, out);
            continue;
        }
        std::string type = options.type != "auto" ? options.type : type_of_path(in);
        out.push_back({in, clean_id(in), type.empty() ? "text" : type, fs::file_size(in, ec)});
    }
    return out;
}

std::string markdown_title(std::string_view text) {
    if (text.substr(0, 4) == "---\n") {   // YAML front matter
        size_t end = text.find("\n---", 4);
        std::string_view fm = text.substr(4, end == std::string_view::npos ? 0 : end - 4);
        for (size_t pos = 0; pos < fm.size();) {
            size_t nl = std::min(fm.find('\n', pos), fm.size());
            std::string_view line = fm.substr(pos, nl - pos);
            if (line.substr(0, 6) == "title:") {
                line.remove_prefix(6);
                while (!line.empty() && (line.front() == ' ' || line.front() == '"' || line.front() == '\'')) line.remove_prefix(1);
                while (!line.empty() && (line.back() == ' ' || line.back() == '"' || line.back() == '\'')) line.remove_suffix(1);
                return std::string(line);
            }
            pos = nl + 1;
        }
    }
    for (size_t pos = 0; pos < text.size();) {
        size_t nl = std::min(text.find('\n', pos), text.size());
        std::string_view line = text.substr(pos, nl - pos);
        if (line.size() > 2 && line[0] == '#') {
            size_t h = line.find_first_not_of('#');
            if (h != std::string_view::npos && h <= 6 && line[h] == ' ') {
                line.remove_prefix(h + 1);
                while (!line.empty() && (line.back() == ' ' || line.back() == '\r' || line.back() == '#')) line.remove_suffix(1);
                return std::string(line);
            }
        }
        pos = nl + 1;
    }
    return {};
}

void load_file(const InputFile& file, const LoadOptions& options,
               const std::function<void(Document&&)>& sink,
               const std::function<void(const std::string&)>& warn) {
    if (file.type == "pdf") {
        std::string text = pdf_text(file.path);
        sink({file.id, fs::path(file.path).stem().string(), std::move(text)});
        return;
    }
    std::string data = read_all(file.path);
    std::string type = file.type == "auto" || file.type.empty() ? sniff_type(data) : file.type;
    if (type == "jsonl") return load_jsonl(file, data, options, sink, warn);
    if (type != "html" && data.find('\0') != std::string::npos)
        throw LoadError("'" + file.path + "' looks binary (a NUL byte); skipped");
    Document doc{file.id, {}, {}};
    if (type == "html") {
        doc.text = html_to_text(data, &doc.title);
    } else if (type == "man") {
        doc.text = man_to_text(data, doc.title);
    } else {
        if (type == "markdown") doc.title = markdown_title(data);
        doc.text = std::move(data);
    }
    if (doc.title.empty()) doc.title = fs::path(file.path == "-" ? "stdin" : file.path).filename().string();
    sink(std::move(doc));
}

}  // namespace rag::index
