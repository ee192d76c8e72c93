// SPDX-License-Identifier: MIT
// The NDJSON event stream: parsing the {type, run, data} envelope, writing
// events, and the table of handlers that makes a tool (run by lib/core/filter.h).
#pragma once

#include <exception>
#include <functional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <simdjson.h>

#include "lib/core/json_out.h"
#include "lib/core/lines.h"
#include "lib/core/run_table.h"
#include "lib/core/run_tally.h"

namespace rag {

/// One event as read. Views point into the input buffer (or the parser) and
/// are valid only during the handler call that receives the event; copy what
/// must outlive it.
struct Event {
    std::string_view type;
    std::string_view run;
    std::string_view line;       ///< the exact input bytes, for forwarding
    simdjson::dom::object data;  ///< `data`, or an empty object when absent
    size_t line_number = 0;

    /// The string field `key` of data, or `fallback` if absent or not a string.
    std::string_view str(std::string_view key, std::string_view fallback = {}) const;
    /// The boolean field `key` of data, or fallback.
    bool flag(std::string_view key, bool fallback = false) const;
    /// The integer field `key` of data, or fallback.
    int64_t integer(std::string_view key, int64_t fallback = 0) const;
    /// The number field `key` of data (an integer too), or fallback.
    double number(std::string_view key, double fallback = 0) const;
    /// data's field `key` serialised as compact JSON, or "" when absent.
    std::string json(std::string_view key) const;
};

/// Parses one JSON object line into an event envelope: `type` (required),
/// `run` (left empty when absent: the caller decides), `data` (an object, or
/// empty when absent). `text` must stay alive and, with `padded`, be followed
/// by simdjson::SIMDJSON_PADDING readable bytes (LineReader's lines are).
/// Returns "" on success, else what is wrong ("invalid JSON: ...").
std::string parse_envelope(simdjson::dom::parser& parser, std::string_view text, Event& ev, bool padded);

/// Event output on a file descriptor. Lines are appended whole to a buffer
/// that is written out by flush(), which the dispatch loop calls before it
/// blocks; a full buffer (64 KiB) is written at once. A closed stdout (EPIPE)
/// throws OutputClosed; any other write error throws Fatal(kExitIoErr).
/// Tool::run owns the Writer on stdout and flushes it at the end.
class Writer {
public:
    struct OutputClosed : std::exception {
        const char* what() const noexcept override { return "output closed"; }
    };

    explicit Writer(int fd = 1);
    /// Writes what is still buffered; a failure (other than a closed reader)
    /// is reported on stderr, since a destructor cannot throw.
    ~Writer();
    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    /// Copies the event's input line unchanged.
    void forward(const Event& ev) {
        count(ev.type, tally_.passed_on);
        append_line(ev.line);
    }

    /// Writes {"type":type,"run":run,"data":...} with data built by `build`,
    /// which receives a JsonWriter positioned inside the data object.
    template <typename Build>
    void emit(std::string_view type, std::string_view run, Build&& build) {
        std::string& s = begin_event(type, run);
        JsonWriter w(s);
        w.begin_object();
        build(w);
        w.end_object();
        end_event();
    }

    /// Writes an event whose data is already-serialised JSON.
    void emit_raw(std::string_view type, std::string_view run, std::string_view data_json);

    /// Writes an `error` event {message, stage} for a run.
    void error(std::string_view run, std::string_view stage, std::string_view message);

    /// Appends raw bytes (for tools whose output is text, not events).
    void append(std::string_view bytes);

    /// Appends one complete line (a "\n" is added).
    void append_line(std::string_view line);

    /// Writes everything buffered. Call before blocking.
    void flush();

    size_t pending() const { return buf_.size(); }

    /// The runs written so far (requests) and how many ended in an error
    /// raised here or passed on.
    const RunTally& tally() const { return tally_; }

private:
    std::string& begin_event(std::string_view type, std::string_view run);
    void end_event();
    void count(std::string_view type, size_t& errors) {
        if (type == "request") ++tally_.requests;
        else if (type == "error") ++errors;
    }

    int fd_;
    std::string buf_;
    std::string scratch_;
    RunTally tally_;
};

/// A handler for one event type.
using Handler = std::function<void(const Event&, Writer&)>;

/// A stage's member function that handles events.
template <typename T>
using Method = void (T::*)(const Event&, Writer&);

/// "On this event type, do this": events with no handler are forwarded
/// unchanged, in order. Lines that are not JSON objects become `request`
/// events (the plain-text query rule); malformed lines are reported on stderr
/// with their line number and skipped. The table also owns what every stage
/// repeats: the run tables it drops on `done`, `error` and `cancel` (track),
/// and passing cached runs through untouched (skip_cached).
class EventTable {
public:
    EventTable() = default;
    EventTable(std::initializer_list<std::pair<const std::string, Handler>> handlers)
        : handlers_(handlers.begin(), handlers.end()) {}

    /// The one way a stage binds its handlers: member functions of `object`,
    /// which must outlive the table.
    ///
    ///   auto table = EventTable::bind(verifier, {{"context", &Verifier::on_context},
    ///                                            {"done", &Verifier::on_done}});
    template <typename T>
    static EventTable bind(T& object,
                           std::initializer_list<std::pair<const char*, std::type_identity_t<Method<T>>>> methods) {
        EventTable table;
        for (const auto& entry : methods) {  // no structured binding: clang 14 cannot capture one
            Method<T> method = entry.second;
            table.on(entry.first, [&object, method](const Event& ev, Writer& out) { (object.*method)(ev, out); });
        }
        return table;
    }

    EventTable& on(std::string type, Handler h) {
        handlers_[std::move(type)] = std::move(h);
        return *this;
    }
    /// Called for events no handler claims (default: forward unchanged).
    EventTable& otherwise(Handler h) {
        fallback_ = std::move(h);
        return *this;
    }
    /// Called once at end of input, before the final flush.
    EventTable& at_end(std::function<void(Writer&)> f) {
        at_end_ = std::move(f);
        return *this;
    }
    template <typename T>
    EventTable& at_end(T& object, void (T::*method)(Writer&)) {
        return at_end([&object, method](Writer& out) { (object.*method)(out); });
    }

    /// Erases a run from `runs` once its `done`, `error` or `cancel` has been
    /// handled (or forwarded). `runs` must outlive the table.
    EventTable& track(RunStore& runs) {
        stores_.push_back(&runs);
        return *this;
    }
    /// Runs whose `request` says "cached": true are forwarded untouched, every
    /// event of them, without calling a handler: the stage has no work for them.
    EventTable& skip_cached() {
        skip_cached_ = true;
        return *this;
    }

    /// Parses one line and calls its handler.
    void dispatch(const Line& line, Writer& out);
    /// The line cap, for the diagnostic of an over-long line.
    void set_max_line(size_t bytes) { max_line_ = bytes; }
    void finish(Writer& out) {
        if (at_end_) at_end_(out);
    }

private:
    void call(const Event& ev, Writer& out);
    bool passes_cached(const Event& ev, Writer& out);

    std::unordered_map<std::string, Handler, StringHash, std::equal_to<>> handlers_;
    Handler fallback_;
    std::function<void(Writer&)> at_end_;
    std::vector<RunStore*> stores_;
    bool skip_cached_ = false;
    std::unordered_set<std::string, StringHash, std::equal_to<>> cached_runs_;
    simdjson::dom::parser parser_;
    simdjson::dom::parser request_parser_;  // re-parses synthesised requests
    std::string synthesized_;
    size_t max_line_ = kDefaultMaxLine;
};

struct Request;

/// The `request` event line (no newline) that carries `r` in run `run`.
std::string request_event_line(std::string_view run, const Request& r);

/// The request event of a plain-text query (defaults for every other field);
/// used by the plain-text rule.
std::string request_line_for_query(std::string_view query, std::string_view run);

}  // namespace rag
