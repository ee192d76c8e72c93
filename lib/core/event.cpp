// SPDX-License-Identifier: MIT
// The NDJSON event stream: envelope parsing, event output, the dispatch loop.
#include "lib/core/event.h"

#include <unistd.h>
#include <cerrno>
#include <cstring>
#include <limits>

#include "lib/core/error.h"
#include "lib/core/request.h"
#include "lib/core/text_file.h"

namespace rag {
namespace {

constexpr size_t kFlushThreshold = 64 * 1024;

simdjson::dom::object empty_object() {
    static simdjson::dom::parser parser;
    static simdjson::dom::object empty = parser.parse(std::string_view("{}")).get_object().value();
    return empty;
}

std::string human_bytes(size_t n) {
    if (n % (1u << 20) == 0) return fmt::format("{} MiB", n >> 20);
    if (n % 1024 == 0) return fmt::format("{} KiB", n >> 10);
    return fmt::format("{} bytes", n);
}

bool is_run_end(std::string_view type) { return type == "done" || type == "error" || type == "cancel"; }

}  // namespace

std::string_view Event::str(std::string_view key, std::string_view fallback) const {
    std::string_view v;
    return data[key].get_string().get(v) == simdjson::SUCCESS ? v : fallback;
}

bool Event::flag(std::string_view key, bool fallback) const {
    bool v;
    return data[key].get_bool().get(v) == simdjson::SUCCESS ? v : fallback;
}

double Event::number(std::string_view key, double fallback) const {
    double d;
    return data[key].get_double().get(d) == simdjson::SUCCESS ? d : fallback;
}

int64_t Event::integer(std::string_view key, int64_t fallback) const {
    simdjson::dom::element e;
    if (data[key].get(e) != simdjson::SUCCESS) return fallback;
    int64_t i;
    if (e.get_int64().get(i) == simdjson::SUCCESS) return i;
    double d;
    if (e.get_double().get(d) != simdjson::SUCCESS) return fallback;
    // Saturate: casting a double outside int64's range (1e300, a big uint64) is undefined.
    if (d >= 9223372036854775807.0) return std::numeric_limits<int64_t>::max();
    if (d <= -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
    return static_cast<int64_t>(d);
}

std::string Event::json(std::string_view key) const {
    simdjson::dom::element e;
    if (data[key].get(e) != simdjson::SUCCESS) return {};
    return simdjson::minify(e);
}

// ---- Writer

Writer::Writer(int fd) : fd_(fd) { buf_.reserve(kFlushThreshold * 2); }

Writer::~Writer() {
    try {
        flush();
    } catch (const OutputClosed&) {
        // The reader went away: nothing to report.
    } catch (const std::exception& e) {
        warn(e.what());
    }
}

void Writer::append(std::string_view bytes) {
    buf_.append(bytes);
    if (buf_.size() >= kFlushThreshold) flush();
}

void Writer::append_line(std::string_view line) {
    buf_.append(line);
    buf_.push_back('\n');
    if (buf_.size() >= kFlushThreshold) flush();
}

std::string& Writer::begin_event(std::string_view type, std::string_view run) {
    count(type, tally_.raised);
    scratch_.clear();
    scratch_.append(R"({"type":)");
    append_json_string(scratch_, type);
    scratch_.append(R"(,"run":)");
    append_json_string(scratch_, run);
    scratch_.append(R"(,"data":)");
    return scratch_;
}

void Writer::end_event() {
    scratch_.push_back('}');
    append_line(scratch_);
}

void Writer::emit_raw(std::string_view type, std::string_view run, std::string_view data_json) {
    begin_event(type, run).append(data_json);
    end_event();
}

void Writer::error(std::string_view run, std::string_view stage, std::string_view message) {
    emit("error", run, [&](JsonWriter& w) { w.key("message").str(message).key("stage").str(stage); });
}

void Writer::flush() {
    size_t off = 0;
    while (off < buf_.size()) {
        ssize_t n = ::write(fd_, buf_.data() + off, buf_.size() - off);
        if (n >= 0) {
            off += static_cast<size_t>(n);
            continue;
        }
        if (errno == EINTR) continue;
        buf_.clear();
        if (errno == EPIPE) throw OutputClosed{};
        throw Fatal(kExitIoErr, std::string("write error: ") + strerror(errno));
    }
    buf_.clear();
}

// ---- Envelope

std::string parse_envelope(simdjson::dom::parser& parser, std::string_view text, Event& ev, bool padded) {
    simdjson::dom::object obj;
    auto error = padded ? parser.parse(text.data(), text.size(), false).get_object().get(obj)
                        : parser.parse(text.data(), text.size(), true).get_object().get(obj);
    if (error) return fmt::format("invalid JSON: {}", simdjson::error_message(error));
    ev.line = text;
    if (obj["type"].get_string().get(ev.type) != simdjson::SUCCESS) return "not an event: missing \"type\"";
    simdjson::dom::element data;
    if (obj["data"].get(data) != simdjson::SUCCESS) ev.data = empty_object();
    else if (data.get_object().get(ev.data) != simdjson::SUCCESS) return "not an event: \"data\" is not an object";
    if (obj["run"].get_string().get(ev.run) != simdjson::SUCCESS) ev.run = {};
    return {};
}

// ---- EventTable

// A cached run's events go straight through; true when `ev` was one of them.
bool EventTable::passes_cached(const Event& ev, Writer& out) {
    if (!skip_cached_) return false;
    auto it = cached_runs_.find(ev.run);
    if (it == cached_runs_.end()) {
        if (ev.type != "request" || !ev.flag("cached")) return false;
        cached_runs_.emplace(ev.run);
    } else if (is_run_end(ev.type)) {
        cached_runs_.erase(it);
    }
    out.forward(ev);
    return true;
}

void EventTable::call(const Event& ev, Writer& out) {
    if (passes_cached(ev, out)) return;
    auto it = handlers_.find(ev.type);
    if (it != handlers_.end()) it->second(ev, out);
    else if (fallback_) fallback_(ev, out);
    else out.forward(ev);
    if (!stores_.empty() && is_run_end(ev.type))
        for (RunStore* runs : stores_) runs->erase(ev.run);
}

void EventTable::dispatch(const Line& line, Writer& out) {
    if (line.too_long) {
        warnf("<stdin>:{}: line longer than {}, skipped", line.number, human_bytes(max_line_));
        return;
    }
    std::string_view text = trim_blanks(line.text);
    if (text.empty()) return;

    simdjson::dom::parser* parser = &parser_;
    if (text.front() != '{') {  // plain text: a query
        synthesized_ = request_line_for_query(text, new_run_id());
        text = synthesized_;
        parser = &request_parser_;
    }
    Event ev;
    std::string problem = parse_envelope(*parser, text, ev, text.data() != synthesized_.data());
    if (!problem.empty()) {
        warnf("<stdin>:{}: {}", line.number, problem);
        return;
    }
    ev.line_number = line.number;
    if (ev.run.empty()) {
        if (ev.type != "request") {
            warnf("<stdin>:{}: not an event: missing \"run\"", line.number);
            return;
        }
        // A request without a run id gets one, so later stages can tell runs apart.
        std::string run = new_run_id();
        std::string rebuilt;
        JsonWriter w(rebuilt);
        w.begin_object()
            .key("type")
            .str("request")
            .key("run")
            .str(run)
            .key("data")
            .raw(simdjson::minify(ev.data))
            .end_object();
        synthesized_ = std::move(rebuilt);
        if (!parse_envelope(request_parser_, synthesized_, ev, false).empty()) return;  // cannot happen: we wrote it
    }
    call(ev, out);
}

std::string request_event_line(std::string_view run, const Request& r) {
    std::string line;
    JsonWriter w(line);
    w.begin_object().key("type").str("request").key("run").str(run).key("data").begin_object();
    write_request(w, r);
    w.end_object().end_object();
    return line;
}

std::string request_line_for_query(std::string_view query, std::string_view run) {
    Request r;
    r.query = std::string(query);
    return request_event_line(run, r);
}

}  // namespace rag
