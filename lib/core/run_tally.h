// SPDX-License-Identifier: MIT
// What a stage wrote, counted by run outcome, so that its exit status can say
// whether it did its job for any run at all.
#pragma once

#include <cstddef>

namespace rag {

struct RunTally {
    size_t requests = 0;   ///< `request` events written (each starts a run)
    size_t raised = 0;     ///< `error` events this stage emitted
    size_t passed_on = 0;  ///< `error` events from upstream, forwarded

    /// True when the stage failed runs itself and every run ended in an error:
    /// a missing index, a dead backend. A stage that only passes upstream
    /// errors on did its job.
    bool served_none() const { return raised > 0 && raised + passed_on >= requests; }
};

}  // namespace rag
