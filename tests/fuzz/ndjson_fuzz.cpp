// SPDX-License-Identifier: MIT
// libFuzzer target: arbitrary bytes through the line reader and the dispatch table, as a tool sees stdin.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cstdint>
#include <cstring>

#include "lib/core/event.h"
#include "lib/core/request.h"

namespace {

// Handlers that touch what real tools touch: requests, typed fields, emitting, forwarding.
rag::EventTable make_table() {
    rag::EventTable table{
        {"request",
         [](const rag::Event& ev, rag::Writer& out) {
             rag::Request r = rag::parse_request(ev);
             (void)rag::contextualized_query(r);
             out.emit("request", ev.run, [&](rag::JsonWriter& w) { rag::write_request(w, r); });
         }},
        {"token",
         [](const rag::Event& ev, rag::Writer& out) {
             std::string t(ev.str("t"));
             t.resize(rag::utf8_complete_prefix(t));
             out.emit("token", ev.run, [&](rag::JsonWriter& w) { w.key("t").str(t); });
         }},
        {"done",
         [](const rag::Event& ev, rag::Writer& out) {
             out.emit("done", ev.run, [&](rag::JsonWriter& w) {
                 w.key("answer")
                     .str(ev.str("answer"))
                     .key("n")
                     .num(ev.integer("duration_ms"))
                     .key("cached")
                     .boolean(ev.flag("cached"))
                     .key("sources")
                     .raw(ev.json("sources").empty() ? "null" : ev.json("sources"));
             });
         }},
    };
    table.at_end([](rag::Writer& out) { out.append_line("{}"); });
    return table;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    static int devnull = open("/dev/null", O_WRONLY);
    static int in = memfd_create("ndjson-fuzz", 0);
    // The first byte picks a small cap sometimes, to reach the over-long-line paths.
    size_t max_line = size && (data[0] & 1) ? 64 + data[0] : rag::kDefaultMaxLine;
    if (ftruncate(in, 0) != 0 || pwrite(in, data, size, 0) != static_cast<ssize_t>(size)) return 0;
    lseek(in, 0, SEEK_SET);

    static rag::EventTable table = make_table();  // parsers are reused, as in a tool
    table.set_max_line(max_line);
    rag::LineReader reader(in, max_line);
    rag::Writer out(devnull);
    rag::Line line;
    do {
        while (reader.next(line)) table.dispatch(line, out);
        out.flush();
    } while (reader.fill());
    while (reader.next(line)) table.dispatch(line, out);
    table.finish(out);
    out.flush();
    return 0;
}
