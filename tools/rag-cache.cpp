// SPDX-License-Identifier: MIT
// rag-cache: the answer cache and chat sessions (get | ... | put), and their management.
#include <unistd.h>

#include "lib/cache/admin.h"
#include "lib/cache/cache.h"
#include "lib/cache/lookup.h"
#include "lib/cache/record.h"
#include "lib/cache/sessions.h"
#include "lib/core/event.h"
#include "lib/core/filter.h"
#include "lib/core/tool.h"
#include "lib/core/xdg.h"

namespace {

struct Options {
    std::string cache = rag::default_cache_path();
    std::string index = rag::default_index_path();
    std::string ttl, older_than, corpus, session, session_ttl;
    size_t history = rag::cache::kDefaultHistoryTurns;
    size_t max_turns = rag::cache::kDefaultMaxTurns;
    bool all = false, sessions = false;
};

// Checks a duration flag while parsing, so that a bad one is refused (64)
// whatever the subcommand then finds (also from the environment).
const CLI::Validator kDuration(
    [](std::string& text) {
        return rag::cache::parse_duration_ms(text)
                   ? std::string()
                   : fmt::format("bad duration '{}': a number and a unit s, m, h, d or w (e.g. 90s, 15m, 2h, 7d)",
                                 text);
    },
    "DURATION");

// A duration flag's value in ms (0 when not given); kDuration checked it.
int64_t duration_ms(const std::string& text) {
    return text.empty() ? 0 : rag::cache::parse_duration_ms(text).value_or(0);
}

int run_get(const Options& opt, rag::Writer& out) {
    rag::cache::Lookup lookup({opt.cache, opt.index, duration_ms(opt.ttl), opt.history, duration_ms(opt.session_ttl)});
    auto table = rag::EventTable::bind(lookup, {{"request", &rag::cache::Lookup::on_request}});
    return rag::run_filter(table, out);
}

int run_put(const Options& opt, rag::Writer& out) {
    using R = rag::cache::Recorder;
    R rec({opt.cache, opt.index, {opt.max_turns, duration_ms(opt.session_ttl)}});
    auto table = rag::EventTable::bind(rec, {{"request", &R::on_request},
                                             {"sources", &R::on_sources},
                                             {"token", &R::on_token},
                                             {"verify", &R::on_verify},
                                             {"done", &R::on_done}});
    table.track(rec.runs());
    return rag::run_filter(table, out);
}

// The exit status for a store failure: a damaged file is bad data, not a bug.
int store_exit(const rag::store::StoreError& e, int otherwise) {
    return rag::store::is_damage(e.mdb_code) ? rag::kExitDataErr : otherwise;
}

// The cache for a management command; nullopt when none exists yet (and
// `create` is false). A cache that exists but cannot be opened is fatal.
std::optional<rag::store::Env> open_cache(const Options& opt, bool write, bool create = false) {
    if (!create && access((opt.cache + "/data.mdb").c_str(), F_OK) != 0) return std::nullopt;
    try {
        return rag::store::Env::open(opt.cache, {.read_only = !write});
    } catch (const rag::store::StoreError& e) {
        throw rag::Fatal(store_exit(e, write ? rag::kExitCantCreate : rag::kExitNoInput), e.what());
    }
}

void print_count(rag::Writer& out, const char* what, size_t n) { out.append(fmt::format("{{\"{}\":{}}}\n", what, n)); }

int run_admin(const std::string& command, const Options& opt, rag::Writer& out) {
    bool writes = command == "purge" || command == "forget" || command == "import";
    auto env = open_cache(opt, writes, command == "import");
    try {
        if (command == "stats") rag::cache::write_stats(env ? &*env : nullptr, opt.cache, out);
        else if (!env) {  // no cache yet: nothing to list, purge or forget
            if (command == "purge" || command == "forget")
                print_count(out, command == "purge" ? "purged" : "forgotten", 0);
        } else if (command == "ls") rag::cache::write_listing(*env, out);
        else if (command == "history") rag::cache::write_history(*env, opt.session, out);
        else if (command == "export") rag::cache::write_export(*env, out);
        else if (command == "purge") {
            if (opt.all && !opt.sessions) rag::cache::reset_counts(opt.cache);
            print_count(
                out, "purged",
                rag::cache::purge(*env, {opt.sessions, opt.corpus, duration_ms(opt.older_than)}, rag::cache::now_ms()));
        } else if (command == "forget") {
            size_t n = 0;
            env->write([&](rag::store::Txn& txn) { n = rag::cache::forget_session(txn, opt.session); });
            print_count(out, "forgotten", n);
        } else if (command == "import") {
            auto c = rag::cache::import_records(*env, 0);
            out.append(fmt::format("{{\"imported\":{},\"skipped\":{}}}\n", c.imported, c.skipped));
        }
    } catch (const rag::store::StoreError& e) {
        throw rag::Fatal(store_exit(e, rag::kExitIoErr), e.what());
    }
    return rag::kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    rag::Tool tool{"rag-cache",
                   "The answer cache and chat sessions: 'get' before retrieval, 'put' at the end of a chat pipeline."};
    Options opt;
    CLI::App& app = tool.app;
    app.add_option("-c,--cache", opt.cache, "cache directory (an LMDB environment)")->envname("RAG_CACHE");
    app.add_option("-i,--index", opt.index, "index whose corpus id and generation key the answers")
        ->envname("RAG_INDEX");
    app.fallthrough();
    app.require_subcommand(1);

    CLI::App* get = app.add_subcommand("get", "serve cached answers; fill empty history from the session");
    get->add_option("--ttl", opt.ttl, "answers older than this miss (90s, 15m, 2h, 7d)")
        ->envname("RAG_CACHE_TTL")
        ->check(kDuration);
    get->add_option("--history", opt.history, "turns loaded from a session into an empty history")
        ->check(CLI::Range(1, 10000));
    get->add_option("--session-ttl", opt.session_ttl, "session turns older than this are not loaded (15m, 2h, 7d)")
        ->envname("RAG_SESSION_TTL")
        ->check(kDuration);
    CLI::App* put = app.add_subcommand("put", "store finished answers; append turns to their sessions");
    put->add_option("--max-turns", opt.max_turns, "turns a session keeps, the newest (default 200)")
        ->check(CLI::Range(1, 1000000));
    put->add_option("--session-ttl", opt.session_ttl, "delete session turns older than this (15m, 2h, 7d)")
        ->envname("RAG_SESSION_TTL")
        ->check(kDuration);
    app.add_subcommand("stats", "entries, sessions, sizes, hits and misses, as one JSON line");
    app.add_subcommand("ls", "one JSON line per cached answer");
    CLI::App* purge = app.add_subcommand("purge", "delete cached answers, or with --sessions session turns");
    purge->add_flag("--all", opt.all, "delete every answer (or every session)");
    purge->add_flag("--sessions", opt.sessions, "delete session turns (with --all or --older-than), not answers");
    purge->add_option("--corpus", opt.corpus, "delete the answers of this corpus");
    purge->add_option("--older-than", opt.older_than, "delete those older than this (90s, 15m, 2h, 7d)")
        ->check(kDuration);
    CLI::App* history = app.add_subcommand("history", "the turns of a session, one JSON line each");
    history->add_option("session", opt.session, "session id")->required();
    CLI::App* forget = app.add_subcommand("forget", "delete a session");
    forget->add_option("session", opt.session, "session id")->required();
    app.add_subcommand("export", "every answer and session as NDJSON (the input of import)");
    app.add_subcommand("import", "read export NDJSON on stdin into the cache");

    return tool.run(argc, argv, [&](rag::Writer& out) {
        std::string command = app.get_subcommands().front()->get_name();
        if (command == "purge" && !opt.all && opt.corpus.empty() && opt.older_than.empty())
            throw rag::Fatal(rag::kExitUsage, "purge: say what to delete: --all, --corpus or --older-than");
        if (command == "purge" && opt.sessions && !opt.corpus.empty())
            throw rag::Fatal(rag::kExitUsage, "purge: --sessions takes --all or --older-than, not --corpus");
        if (command == "get") return run_get(opt, out);
        if (command == "put") return run_put(opt, out);
        return run_admin(command, opt, out);
    });
}
