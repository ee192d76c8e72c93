// SPDX-License-Identifier: MIT
// What every rag-* tool shares: CLI11 setup and the mapping of failures to exit codes.
#include "lib/core/tool.h"

#include <cstdio>

#include <fmt/ranges.h>

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
        warn(usage_error(e, argc, argv));
        fmt::print(stderr, "Try '{} --help'.\n", program_name());
        return kExitUsage;
    }
    return run_body(body);
}

// True for "--index" or "-i" when that option takes a value (as the next word).
bool Tool::takes_value(std::string_view word) const {
    if (word.size() < 2 || word[0] != '-' || word.find('=') != std::string_view::npos) return false;
    const CLI::Option* opt = app.get_option_no_throw(std::string(word));
    return opt && opt->get_expected_min() > 0;
}

// CLI11 says "A subcommand is required" for `rag-index biuld`: name the word
// and the subcommands there are.
std::string Tool::usage_error(const CLI::ParseError& e, int argc, char** argv) const {
    auto subs = app.get_subcommands([](const CLI::App*) { return true; });
    bool no_subcommand = dynamic_cast<const CLI::RequiredError*>(&e) && app.get_subcommands().empty();
    if (subs.empty() || !no_subcommand) return e.what();
    std::vector<std::string> names;
    for (const CLI::App* sub : subs) names.push_back(sub->get_name());
    std::string first;  // the first word that is neither an option nor its value: the mistyped subcommand
    for (int i = 1; i < argc && first.empty(); ++i)
        if (argv[i][0] != '-' && !takes_value(argv[i - 1])) first = argv[i];
    if (first.empty()) return fmt::format("a subcommand is required: {}", fmt::join(names, ", "));
    return fmt::format("unknown subcommand '{}' (the subcommands are {})", first, fmt::join(names, ", "));
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
