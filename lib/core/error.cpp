// SPDX-License-Identifier: MIT
// Exit codes, fatal errors and diagnostics on stderr.
#include "lib/core/error.h"

#include <unistd.h>
#include <chrono>

namespace rag {
namespace {

std::string g_program_name = "rag";
std::function<void()> g_stdout_flusher;
std::function<void(std::string_view)> g_diagnostic_writer;

}  // namespace

const std::string& program_name() { return g_program_name; }
void set_program_name(std::string name) { g_program_name = std::move(name); }

void set_diagnostic_writer(std::function<void(std::string_view line)> writer) {
    g_diagnostic_writer = std::move(writer);
}

void set_stdout_flusher(std::function<void()> flush) { g_stdout_flusher = std::move(flush); }

void flush_stdout() {
    if (g_stdout_flusher) g_stdout_flusher();
}

void warn(std::string_view message) {
    if (g_stdout_flusher) {
        try {
            g_stdout_flusher();
        } catch (...) {}  // a dead stdout must not hide the message
    }
    std::string line = fmt::format("{}: {}\n", g_program_name, message);
    if (g_diagnostic_writer) return g_diagnostic_writer(line);
    // One write(2) per message keeps lines whole when several processes share stderr.
    ssize_t ignored = ::write(2, line.data(), line.size());
    (void)ignored;
}

double monotonic_ms() {
    using namespace std::chrono;
    return duration<double, std::milli>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace rag
