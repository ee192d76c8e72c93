// SPDX-License-Identifier: MIT
// What every rag-* tool shares: CLI11 setup and the mapping of failures to exit codes.
#include "lib/core/tool.h"

#include <cstdio>

#ifndef RAG_VERSION
#define RAG_VERSION "0.0.0-dev"
#endif

namespace rag {

Tool::Tool(std::string name, std::string description) : app(std::move(description), name) {
    app.set_version_flag("--version", name + " (rag-tools) " RAG_VERSION);
    set_program_name(std::move(name));
    app.get_formatter()->column_width(34);
}

int Tool::run(int argc, char** argv, const Body& body) {
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);  // help goes to stdout
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        warn(e.what());
        fmt::print(stderr, "Try '{} --help'.\n", program_name());
        return kExitUsage;
    }
    return run_body(body);
}

int Tool::run_body(const Body& body) {
    Writer out(1);
    set_stdout_flusher([&out] { out.flush(); });
    struct FlusherReset {
        ~FlusherReset() { set_stdout_flusher(nullptr); }
    } reset;  // before out dies
    int status;
    try {
        status = body(out);
        out.flush();
    } catch (const Writer::OutputClosed&) {
        return kExitOk;  // the reader went away (`| head`): nothing to do, nothing to report
    } catch (const Fatal& e) {
        warn(e.what());
        return e.code;
    } catch (const std::exception& e) {
        warn(fmt::format("internal error: {}", e.what()));
        return kExitSoftware;
    }
    if (fflush(stdout) != 0 || ferror(stdout)) {  // CLI11 or a library may have used stdio
        warn("write error");
        return kExitIoErr;
    }
    return status;
}

}  // namespace rag
