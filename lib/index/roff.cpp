// SPDX-License-Identifier: MIT
// man(7) and mdoc(7) requests and macros: which make paragraphs, which carry
// text, which are dropped; the NAME section as the title.
#include "lib/index/roff.h"

#include <algorithm>
#include <array>
#include <vector>

#include "lib/core/text_file.h"

namespace rag::index {

namespace {

// Macros that start a paragraph (man, then mdoc).
constexpr std::array<std::string_view, 14> kParagraph{"PP", "LP", "P",  "TP", "IP", "HP", "TQ",
                                                      "sp", "Pp", "Lp", "It", "Bl", "El", "Bd"};
// Macros whose arguments are joined without spaces (alternating fonts).
constexpr std::array<std::string_view, 6> kAlternating{"BR", "RB", "IR", "RI", "BI", "IB"};
// Macros whose arguments are text (man's fonts, mdoc's semantic markup).
constexpr std::array<std::string_view, 47> kText{"B",  "I",  "SM", "SB", "UR", "MT", "OP", "Nm", "Nd", "Ar", "Cm", "Ic",
                                                 "Li", "Em", "Sy", "Va", "Dv", "Er", "Ev", "Pa", "Ql", "Dl", "D1", "Xo",
                                                 "Ad", "An", "Cd", "Fa", "Fn", "Fo", "Ft", "In", "Lk", "Ms", "Mt", "Tn",
                                                 "Sx", "No", "Ot", "Dq", "Sq", "Qq", "Pq", "Aq", "Op", "Bq", "Brq"};
// mdoc macro names that may appear inside another macro's arguments.
constexpr std::array<std::string_view, 44> kInline{"Ar", "Cm",  "Ic", "Li", "Em", "Sy", "Va", "Dv", "Er", "Ev", "Pa",
                                                   "Ql", "Ad",  "An", "Cd", "Fa", "Fn", "Ft", "Lk", "Ms", "Mt", "Tn",
                                                   "Sx", "No",  "Ns", "Dq", "Sq", "Qq", "Pq", "Aq", "Op", "Oo", "Oc",
                                                   "Bq", "Brq", "Ta", "Pf", "Xc", "Xo", "Nm", "Ux", "Bx", "Dq", "Do"};

template <size_t N>
bool in(const std::array<std::string_view, N>& set, std::string_view m) {
    return std::find(set.begin(), set.end(), m) != set.end();
}

// A request's arguments: words, or "quoted words" ("" inside is a quote).
std::vector<std::string> split_args(std::string_view s) {
    std::vector<std::string> args;
    for (size_t i = 0; i < s.size();) {
        while (i < s.size() && (s[i] == ' ' || s[i] == '\t')) ++i;
        if (i >= s.size()) break;
        std::string arg;
        if (s[i] == '"') {
            for (++i; i < s.size(); ++i) {
                if (s[i] == '"' && i + 1 < s.size() && s[i + 1] == '"') arg += s[++i];
                else if (s[i] == '"') {
                    ++i;
                    break;
                } else arg += s[i];
            }
        } else {
            while (i < s.size() && s[i] != ' ' && s[i] != '\t') {
                if (s[i] == '\\' && i + 1 < s.size()) arg += s[i++];
                arg += s[i++];
            }
        }
        args.push_back(std::move(arg));
    }
    return args;
}

// mdoc arguments as text: inline macro names dropped, Fl as a dash (up to the
// next macro), Xr as name(n), Op in brackets.
std::string mdoc_text(std::string_view macro, const std::vector<std::string>& args) {
    std::string out;
    bool flag = macro == "Fl", xr = macro == "Xr", join = false;
    for (size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        if (a == "Ns" || a == "Pf") {
            join = true;
            continue;
        }
        if (a == "Fl" || a == "Xr" || in(kInline, a)) {
            flag = a == "Fl";
            xr = a == "Xr";
            continue;
        }
        bool punct = a.size() == 1 && std::string_view(".,;:)]?!|").find(a[0]) != std::string_view::npos;
        if (!out.empty() && !join && !(punct && a != "|")) out += ' ';
        out += flag && !punct ? "-" + a : a;
        if (xr && i + 1 < args.size() && args[i + 1].find_first_not_of("0123456789") == std::string::npos) {
            out += "(" + args[++i] + ")";
            xr = false;
        }
        join = false;
    }
    if (macro == "Fl" && args.empty()) return "-";
    return macro == "Op" ? "[" + out + "]" : out;
}

// Calls fn for each input line, an escaped newline joining a line to the next.
template <typename Fn>
void for_each_line(std::string_view src, Fn fn) {
    for (size_t pos = 0; pos < src.size();) {
        size_t nl = std::min(src.find('\n', pos), src.size());
        std::string line(src.substr(pos, nl - pos));
        pos = nl + 1;
        while (!line.empty() && line.back() == '\\' && pos < src.size()) {
            line.pop_back();
            nl = std::min(src.find('\n', pos), src.size());
            line.append(src.substr(pos, nl - pos));
            pos = nl + 1;
        }
        fn(std::string_view(line));
    }
}

int count(std::string_view s, std::string_view what) {
    int n = 0;
    for (size_t p = s.find(what); p != std::string_view::npos; p = s.find(what, p + what.size())) ++n;
    return n;
}

std::string squeeze(std::string_view s) {
    std::string out;
    for (char c : s) {
        char d = c == '\n' || c == '\t' ? ' ' : c;
        if (!(d == ' ' && !out.empty() && out.back() == ' ')) out += d;
    }
    return out;
}

// Lines that print nothing: a macro definition up to "..", or the \{ ... \}
// block of a conditional (whose condition is not evaluated).
class SkippedBlock {
public:
    bool active() const { return !end_.empty(); }
    void definition() { end_ = ".."; }
    void conditional(std::string_view argv) {
        depth_ = count(argv, "\\{") - count(argv, "\\}");
        if (depth_ > 0) end_ = "\\}";
    }
    void take(std::string_view line) {
        if (end_ == "\\}") {
            depth_ += count(line, "\\{") - count(line, "\\}");
            if (depth_ <= 0) end_.clear();
        } else if (trim(line) == end_) {
            end_.clear();
        }
    }

private:
    std::string end_;
    int depth_ = 0;
};

// tbl(1) between .TS and .TE: options and format lines up to the one ending
// in '.', then rows whose cells are split by tab (or the tab(x) option).
class TblTable {
public:
    bool active() const { return state_ != State::none; }
    void begin() {
        state_ = State::format;
        separator_ = '\t';
    }
    /// The row a line holds as text ("" for none); ends the table at .TE.
    std::string take(std::string_view line, const RoffStrings& strings) {
        std::string_view t = trim(line);
        if (line.starts_with(".TE")) state_ = State::none;
        if (state_ == State::format) {
            if (size_t p = line.find("tab("); p != std::string_view::npos && p + 4 < line.size())
                separator_ = line[p + 4];
            if (!t.empty() && t.back() == '.') state_ = State::rows;
            return {};
        }
        if (state_ != State::rows || t == "_" || t == "=" || t.empty() || t[0] == '.') return {};
        std::string cells;
        for (char c : roff_unescape(line, strings))
            cells += c == separator_ ? std::string_view("  ") : std::string_view(&c, 1);
        for (std::string_view marker : {"T{", "T}"})
            for (size_t p; (p = cells.find(marker)) != std::string::npos;) cells.erase(p, 2);
        return cells;
    }

private:
    enum class State { none, format, rows } state_ = State::none;
    char separator_ = '\t';
};

// Text out: words of a filled paragraph joined by spaces, lines kept in
// no-fill mode and after a tag, paragraphs as blank lines.
class TextOut {
public:
    void text(std::string_view t, bool keep_line) {
        out_.append(t);
        out_ += keep_line ? '\n' : ' ';
    }
    void line_break() {
        if (!out_.empty() && out_.back() == ' ') out_.back() = '\n';
    }
    void paragraph() {
        while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\n')) out_.pop_back();
        if (!out_.empty()) out_ += "\n\n";
    }
    std::string take() {
        while (!out_.empty() && (out_.back() == ' ' || out_.back() == '\n')) out_.pop_back();
        return std::move(out_);
    }

private:
    std::string out_;
};

class ManRenderer {
public:
    std::string render(std::string_view src, std::string& title) {
        for_each_line(src, [this](std::string_view line) { take(line); });
        title = std::string(trim(squeeze(name_)));
        return out_.take();
    }

private:
    void take(std::string_view line) {
        if (skip_.active()) return skip_.take(line);
        if (table_.active()) {
            text(table_.take(line, strings_));
            if (!table_.active()) out_.paragraph();
            return out_.line_break();
        }
        if (!line.empty() && (line[0] == '.' || line[0] == '\'')) return request(line.substr(1));
        if (trim(line).empty()) return out_.paragraph();
        text(roff_unescape(line, strings_));
    }

    void request(std::string_view rest) {
        rest.remove_prefix(std::min(rest.find_first_not_of(" \t"), rest.size()));
        size_t end = std::min(rest.find_first_of(" \t"), rest.size());
        std::string macro(rest.substr(0, end));
        std::string_view argv = rest.substr(end);
        if (macro.empty() || macro.starts_with("\\\"")) return;  // a comment
        if (macro == "de" || macro == "de1" || macro == "am" || macro == "ig") return skip_.definition();
        if (macro == "if" || macro == "ie" || macro == "el" || macro == "while") return skip_.conditional(argv);
        if (macro == "ds" || macro == "ds1") return define_string(argv);
        if (macro == "TS") return table_.begin();
        if (macro == "nf" || macro == "EX") return (void)(nofill_ = true);
        if (macro == "fi" || macro == "EE") return (void)(nofill_ = false);
        if (macro == "br") return out_.line_break();
        macro_line(macro, split_args(argv));
    }

    void macro_line(const std::string& macro, std::vector<std::string> args) {
        if (macro == "SH" || macro == "Sh" || macro == "SS" || macro == "Ss") return heading(macro, args);
        if (in(kParagraph, macro)) return paragraph_macro(macro, args);
        if (in(kAlternating, macro)) {
            std::string joined;
            for (const std::string& a : args) joined += a;
            return text(roff_unescape(joined, strings_));
        }
        if (macro == "Nm") return name_macro(args);
        if (macro == "Nd") return text("- " + roff_unescape(mdoc_text(macro, args), strings_));
        if (macro == "Xr" || macro == "Fl" || in(kText, macro))
            return text(roff_unescape(mdoc_text(macro, args), strings_));
    }

    void paragraph_macro(const std::string& macro, std::vector<std::string>& args) {
        out_.paragraph();
        tag_pending_ = macro == "TP" || macro == "TQ";       // the next line is the tag
        if (macro == "IP" && !args.empty()) args.resize(1);  // the tag; the rest is its indent
        if ((macro == "IP" || macro == "It") && !args.empty()) {
            text(roff_unescape(mdoc_text(macro, args), strings_));
            out_.line_break();
        }
    }

    // mdoc's .Nm: the page's name, remembered from its first use.
    void name_macro(const std::vector<std::string>& args) {
        std::string t = roff_unescape(mdoc_text("Nm", args), strings_);
        if (page_name_.empty()) page_name_ = t;
        text(args.empty() ? page_name_ : t);
    }

    void define_string(std::string_view argv) {
        argv.remove_prefix(std::min(argv.find_first_not_of(" \t"), argv.size()));
        size_t end = std::min(argv.find_first_of(" \t"), argv.size());
        std::string name(argv.substr(0, end));
        std::string_view value = argv.substr(end);
        value.remove_prefix(std::min(value.find_first_not_of(" \t"), value.size()));
        if (!value.empty() && value[0] == '"') value.remove_prefix(1);
        if (!name.empty()) strings_[name] = roff_unescape(value, strings_);
    }

    void heading(const std::string& macro, const std::vector<std::string>& args) {
        std::string h;
        for (const std::string& a : args) h += (h.empty() ? "" : " ") + a;
        out_.paragraph();
        section_.clear();
        text(roff_unescape(h, strings_));
        out_.paragraph();
        if (macro == "SH" || macro == "Sh") section_ = roff_unescape(h, strings_);
    }

    void text(const std::string& t) {
        if (trim(t).empty()) return;
        if (section_ == "NAME" && name_.size() < 400) name_ += " " + t;
        out_.text(t, nofill_ || tag_pending_);
        tag_pending_ = false;
    }

    TextOut out_;
    SkippedBlock skip_;
    TblTable table_;
    RoffStrings strings_;
    std::string name_, section_, page_name_;
    bool nofill_ = false, tag_pending_ = false;
};

}  // namespace

std::string man_to_text(std::string_view src, std::string& title) {
    ManRenderer r;
    return r.render(src, title);
}

}  // namespace rag::index
