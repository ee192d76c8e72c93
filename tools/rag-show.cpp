// SPDX-License-Identifier: MIT
// rag-show: renders events for a person (or, with --json, one answer object per run).
#include <unistd.h>
#include <cstdlib>
#include <deque>
#include <map>
#include <set>

#include "lib/core/event.h"
#include "lib/core/filter.h"
#include "lib/core/passages.h"
#include "lib/core/progress.h"
#include "lib/core/request.h"
#include "lib/core/terminal.h"
#include "lib/core/tool.h"

namespace {

struct Source {
    std::string doc, title, snippet;
    double score = 0;
};

struct RunState {
    std::string query;
    std::string answer;  // every token so far
    size_t shown = 0;    // bytes of answer already printed
    std::vector<Source> sources;
    std::string verify_json;  // the verify event's data, as received
    double verify_score = 0;
    bool verify_accepted = false;
    std::vector<std::string> verify_issues;
    bool cached = false;
    bool finished = false;
    std::string error_message, error_stage;
    double duration_ms = -1;
    double started_ms = rag::monotonic_ms();
};

struct Style {
    bool on = false;
    std::string_view dim() const { return on ? "\x1b[2m" : ""; }
    std::string_view bold() const { return on ? "\x1b[1m" : ""; }
    std::string_view green() const { return on ? "\x1b[32m" : ""; }
    std::string_view yellow() const { return on ? "\x1b[33m" : ""; }
    std::string_view red() const { return on ? "\x1b[31m" : ""; }
    std::string_view reset() const { return on ? "\x1b[0m" : ""; }
};

bool use_color(const std::string& mode) {
    if (mode == "always") return true;
    if (mode == "never") return false;
    const char* term = std::getenv("TERM");
    return isatty(1) && !std::getenv("NO_COLOR") && term && std::string_view(term) != "dumb";
}

std::string truncate_text(std::string_view s, size_t max_bytes) {
    if (s.size() <= max_bytes) return std::string(s);
    size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // whole characters
    return std::string(s.substr(0, cut)) + "…";
}

// The grounding check of a run, from its verify event.
void read_verify(const rag::Event& ev, RunState& r) {
    r.verify_json = simdjson::minify(ev.data);
    double d;
    if (!ev.data["score"].get_double().get(d)) r.verify_score = d;
    r.verify_accepted = ev.flag("accepted");
    r.verify_issues.clear();
    simdjson::dom::array issues;
    if (!ev.data["issues"].get_array().get(issues))
        for (simdjson::dom::element i : issues)
            if (std::string_view s; !i.get_string().get(s)) r.verify_issues.emplace_back(s);
}

// The lines under an answer: numbered sources, the cache mark, the grounding check.
void write_footer(const RunState& r, const Style& style, rag::Writer& out) {
    for (size_t i = 0; i < r.sources.size(); ++i) {
        const Source& s = r.sources[i];
        out.append(fmt::format("{}[{}] {}  {:.2f}{}{}\n", style.dim(), i + 1, rag::escape_controls(s.doc), s.score,
                               s.title.empty() ? "" : "  " + rag::escape_controls(truncate_text(s.title, 80)),
                               style.reset()));
    }
    if (r.cached) out.append(fmt::format("{}cached{}\n", style.dim(), style.reset()));
    if (!r.verify_json.empty()) {
        out.append(fmt::format("{}verify: {:.2f} {}{}\n", r.verify_accepted ? style.green() : style.yellow(),
                               r.verify_score, r.verify_accepted ? "accepted" : "not accepted", style.reset()));
        for (const std::string& issue : r.verify_issues)
            out.append(fmt::format("{}  - {}{}\n", style.yellow(), rag::escape_controls(issue), style.reset()));
    }
    out.append("\n");
}

// The --json object of a finished run, on one line.
void write_json(const std::string& run, const RunState& r, rag::Writer& out) {
    std::string line;
    rag::JsonWriter w(line);
    w.begin_object().key("run").str(run).key("query").str(r.query).key("answer").str(r.answer);
    w.key("sources").begin_array();
    for (const Source& s : r.sources) {
        w.begin_object().key("doc").str(s.doc).key("score").num(s.score);
        if (!s.title.empty()) w.key("title").str(s.title);
        w.end_object();
    }
    w.end_array().key("cached").boolean(r.cached).key("verify");
    r.verify_json.empty() ? w.null() : w.raw(r.verify_json);
    w.key("duration_ms").num(static_cast<int64_t>(r.duration_ms));
    if (!r.error_message.empty()) {
        w.key("error").begin_object().key("message").str(r.error_message);
        w.key("stage");  // null when no stage reported it (a cancel, or input cut off)
        r.error_stage.empty() ? w.null() : w.str(r.error_stage);
        w.end_object();
    }
    w.end_object();
    out.append_line(line);
}

struct ShowOptions {
    bool json = false;
    bool ordered = false;  // --json: in the order runs began, not as they finish
    Style style;
};

// Renders runs one after another: the run that printed first streams live;
// tokens of runs interleaved with it wait, and print whole when it ends.
// Text for a person has its control characters escaped; --json writes them
// as JSON escapes.
class Renderer {
public:
    Renderer(ShowOptions options, rag::BatchProgress& progress)
        : json_(options.json), ordered_(options.ordered), style_(options.style), progress_(progress) {}

    void on_request(const rag::Event& ev, rag::Writer&) { state(ev.run).query = ev.str("query"); }

    void on_sources(const rag::Event& ev, rag::Writer&) {
        RunState& r = state(ev.run);
        r.sources.clear();
        for (const rag::PassageView& s : rag::read_passages(ev, "sources"))
            r.sources.push_back({std::string(s.doc), std::string(s.title), std::string(s.snippet), s.score});
    }

    void on_token(const rag::Event& ev, rag::Writer& out) {
        RunState& r = state(ev.run);
        r.answer += ev.str("t");
        if (!json_ && active_ == ev.run) show_pending(r, out);
    }

    void on_cached(const rag::Event& ev, rag::Writer&) { state(ev.run).cached = true; }

    void on_verify(const rag::Event& ev, rag::Writer&) { read_verify(ev, state(ev.run)); }

    void on_done(const rag::Event& ev, rag::Writer& out) {
        RunState& r = state(ev.run);
        std::string_view answer = ev.str("answer");
        // The final answer is authoritative; tokens may be absent (a filtered stream).
        if (r.answer.size() < answer.size() && answer.substr(0, r.answer.size()) == r.answer) r.answer = answer;
        if (ev.flag("cached")) r.cached = true;
        r.duration_ms = static_cast<double>(ev.integer("duration_ms", -1));
        finish(std::string(ev.run), out);
    }

    void on_error(const rag::Event& ev, rag::Writer& out) {
        RunState& r = state(ev.run);
        r.error_message = ev.str("message", "unknown error");
        r.error_stage = ev.str("stage");
        finish(std::string(ev.run), out);
    }

    void on_cancel(const rag::Event& ev, rag::Writer& out) {
        RunState& r = state(ev.run);
        r.error_message = "cancelled";
        finish(std::string(ev.run), out);
    }

    void at_end(rag::Writer& out) {
        // finish() may show and forget several runs at once, so look each one up afresh.
        for (const std::string& run : std::deque<std::string>(order_)) {
            auto it = runs_.find(run);
            if (it == runs_.end() || it->second.finished) continue;
            it->second.error_message = "input ended before the run was done";
            finish(run, out);
        }
    }

    /// Exit status at end of input: a batch with a failed run is a failed batch.
    int status() const { return counts_.errors > 0 ? rag::kExitRunFailed : rag::kExitOk; }
    void summary() { progress_.summary(counts_); }

private:
    RunState& state(std::string_view run) {
        auto [it, fresh] = runs_.try_emplace(std::string(run));
        if (fresh) order_.push_back(it->first);
        if (active_.empty() && !json_) active_ = it->first;
        return it->second;
    }

    void count(const RunState& r) {
        ++counts_.runs;
        if (!r.error_message.empty()) {
            ++counts_.errors;
        } else {
            ++counts_.answered;
            counts_.cached += r.cached;
            counts_.rejected += !r.verify_json.empty() && !r.verify_accepted;
        }
        progress_.update(counts_);
    }

    void finish(const std::string& run, rag::Writer& out) {
        RunState& r = runs_.at(run);
        r.finished = true;
        if (r.duration_ms < 0) r.duration_ms = rag::monotonic_ms() - r.started_ms;
        count(r);
        if (json_) return ordered_ ? write_finished_in_order(out) : write_and_forget(run, out);
        if (run != active_) return;  // printed when its turn comes
        while (!active_.empty() && runs_.at(active_).finished) {
            std::string done = active_;
            show_pending(runs_.at(done), out);
            show_footer(done, runs_.at(done), out);
            forget(done);
            active_ = order_.empty() ? std::string() : order_.front();
            if (!active_.empty()) show_pending(runs_.at(active_), out);
        }
    }

    void write_and_forget(const std::string& run, rag::Writer& out) {
        write_json(run, runs_.at(run), out);
        forget(run);
    }

    // --ordered: the runs at the front of the input order that have finished.
    void write_finished_in_order(rag::Writer& out) {
        while (!order_.empty() && runs_.at(order_.front()).finished) write_and_forget(order_.front(), out);
    }

    void forget(const std::string& run) {
        runs_.erase(run);
        std::erase(order_, run);
    }

    void show_pending(RunState& r, rag::Writer& out) {
        if (r.shown == 0 && !r.query.empty() && !header_shown_.count(&r)) {
            header_shown_.insert(&r);
            out.append(fmt::format("{}> {}{}\n", style_.bold(), rag::escape_controls(r.query), style_.reset()));
        }
        // A character split across tokens waits for its last byte, so a C1 control is seen whole.
        size_t ready = r.finished ? r.answer.size() : rag::complete_utf8_prefix(r.answer);
        if (ready <= r.shown) return;
        out.append(rag::escape_controls(std::string_view(r.answer).substr(r.shown, ready - r.shown)));
        r.shown = ready;
    }

    void show_footer(const std::string& run, RunState& r, rag::Writer& out) {
        header_shown_.erase(&r);
        if (!r.answer.empty()) out.append("\n");
        if (!r.error_message.empty()) {
            rag::warnf("run {}: {}{}", rag::escape_controls(run),
                       rag::escape_controls(r.error_stage.empty() ? "" : r.error_stage + ": "),
                       rag::escape_controls(r.error_message));
        }
        write_footer(r, style_, out);
    }

    bool json_;
    bool ordered_;
    Style style_;
    rag::BatchProgress& progress_;
    rag::BatchCounts counts_;
    std::map<std::string, RunState> runs_;
    std::deque<std::string> order_;  // runs not yet finished and shown, first seen first
    std::string active_;
    std::set<const RunState*> header_shown_;
};

}  // namespace

int main(int argc, char** argv) {
    rag::Tool tool{"rag-show", "Render rag events for a person: the answer as it streams, then its sources."};
    ShowOptions show;
    bool progress = false;
    std::string color = "auto";
    size_t max_line = rag::kDefaultMaxLine;
    tool.app.add_flag(
        "-j,--json", show.json,
        "write one JSON object per finished run (run, query, answer, sources, cached, verify, duration_ms)");
    tool.app.add_flag("--ordered", show.ordered,
                      "with --json: write runs in the order they began (default: as they finish)");
    tool.app.add_flag("--progress", progress,
                      "report runs done, errors and rate on stderr, then a summary line (default: when stderr "
                      "alone is a terminal)");
    tool.app.add_option("--color", color, "colour the text: auto, always or never")
        ->check(CLI::IsMember({"auto", "always", "never"}))
        ->envname("RAG_COLOR");
    tool.app.add_option("--max-line", max_line, "longest input line accepted, in bytes")->envname("RAG_MAX_LINE");
    return tool.run(argc, argv, [&](rag::Writer& out) {
        show.style = Style{!show.json && use_color(color)};
        rag::BatchProgress meter(rag::BatchProgress::choose(progress));
        Renderer r(show, meter);
        auto table = rag::EventTable::bind(r, {
                                                  {"request", &Renderer::on_request},
                                                  {"sources", &Renderer::on_sources},
                                                  {"token", &Renderer::on_token},
                                                  {"cached", &Renderer::on_cached},
                                                  {"verify", &Renderer::on_verify},
                                                  {"done", &Renderer::on_done},
                                                  {"error", &Renderer::on_error},
                                                  {"cancel", &Renderer::on_cancel},
                                              });
        table.otherwise([](const rag::Event&, rag::Writer&) {});  // meta, context: nothing to show
        table.at_end(r, &Renderer::at_end);
        rag::run_filter(table, out, {.max_line = max_line});
        out.flush();  // the answers, then the summary under them
        r.summary();
        return r.status();
    });
}
