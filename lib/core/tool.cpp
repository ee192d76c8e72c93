// SPDX-License-Identifier: MIT
// What every rag-* tool shares: CLI11 setup, exit codes, diagnostics on stderr.
#include "lib/core/tool.h"

#include <chrono>
#include <cstdio>
#include <unistd.h>

#ifndef RAG_VERSION
#define RAG_VERSION "0.0.0-dev"
#endif

namespace rag {
namespace {

std::string g_program_name = "rag";
std::function<void()> g_stdout_flusher;

}  // namespace

const std::string& program_name() { return g_program_name; }

void set_stdout_flusher(std::function<void()> flush) { g_stdout_flusher = std::move(flush); }

void warn(std::string_view message) {
    if (g_stdout_flusher) {
        try { g_stdout_flusher(); } catch (...) {}   // a dead stdout must not hide the message
    }
    std::string line = fmt::format("{}: {}\n", g_program_name, message);
    // One write(2) per message keeps lines whole when several processes share stderr.
    ssize_t ignored = ::write(2, line.data(), line.size());
    (void)ignored;
}

Tool::Tool(std::string name, std::string description) : app(std::move(description), name) {
    g_program_name = std::move(name);
    app.set_version_flag("--version", std::string(g_program_name) + " (rag-tools) " RAG_VERSION);
    app.get_formatter()->column_width(34);
}

int Tool::run(int argc, char** argv, const std::function<int()>& body) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);                        // help goes to stdout
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        warn(e.what());
        fmt::print(stderr, "Try '{} --help'.\n", g_program_name);
        return kExitUsage;
    }
    int status;
    try {
        status = body();
    } catch (const Fatal& e) {
        warn(e.what());
        return e.code;
    } catch (const std::exception& e) {
        warn(fmt::format("internal error: {}", e.what()));
        return kExitSoftware;
    }
    if (g_stdout_flusher) {
        try { g_stdout_flusher(); } catch (const Fatal& e) { warn(e.what()); return e.code; }
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {
        warn("write error");
        return kExitIoErr;
    }
    return status;
}

double monotonic_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace rag
