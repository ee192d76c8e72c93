// SPDX-License-Identifier: MIT
// The loop of a filter stage.
#include "lib/core/filter.h"

#include "lib/core/error.h"

namespace rag {
namespace {

// With no poller, "waiting" is the blocking read itself.
class InputOnly final : public Poller {
public:
    void pump() override {}
    bool idle() const override { return true; }
    bool wait(int) override { return true; }
};

}  // namespace

int run_filter(EventTable& table, Writer& out, const FilterOptions& options) {
    LineReader in(options.in_fd, options.max_line);
    table.set_max_line(options.max_line);
    InputOnly input_only;
    Poller& poller = options.poller ? *options.poller : input_only;
    bool ended = false;
    for (;;) {
        Line line;
        while (in.next(line)) table.dispatch(line, out);
        if (in.eof() && !ended) {
            table.finish(out);
            ended = true;
        }
        poller.pump();
        if (ended && poller.idle()) break;
        out.flush();  // never hold a written line while waiting
        if (poller.wait(ended ? -1 : options.in_fd) && !ended) in.fill();
    }
    out.flush();
    return out.tally().served_none() ? kExitUnavailable : kExitOk;
}

}  // namespace rag
