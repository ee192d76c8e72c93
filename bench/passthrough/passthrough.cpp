// SPDX-License-Identifier: MIT
// The thinnest pipeline stage: an event table with no handlers, so every event is forwarded.
#include "lib/core/event.h"
#include "lib/core/filter.h"
#include "lib/core/tool.h"

int main(int argc, char** argv) {
    rag::Tool tool{"passthrough", "forward every event unchanged (a benchmark stage)"};
    return tool.run(argc, argv, [](rag::Writer& out) {
        rag::EventTable table;
        return rag::run_filter(table, out);
    });
}
