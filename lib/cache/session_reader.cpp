// SPDX-License-Identifier: MIT
// A session's turns for a long-lived reader (rag-sse's GET /api/sessions/ID), from the cache read-only.
#include "lib/cache/session_reader.h"

#include <unistd.h>

#include "lib/cache/sessions.h"

namespace rag::cache {

std::string SessionReader::turns_json(std::string_view session) {
    if (!env_) {
        if (access((dir_ + "/data.mdb").c_str(), F_OK) != 0) return "[]";
        env_.emplace(store::Env::open(dir_, {.read_only = true}));
    }
    std::string out = "[";
    store::Txn txn = env_->read();
    scan_turns(txn, session, [&](std::string_view turn) {
        if (out.size() > 1) out += ',';
        out += turn;
    });
    out += ']';
    return out;
}

}  // namespace rag::cache
