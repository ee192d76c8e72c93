// SPDX-License-Identifier: MIT
// PDF to text through pdftotext (poppler-utils), run without a shell.
#include <sys/wait.h>

#include "lib/core/process.h"
#include "lib/index/formats.h"

namespace rag::index {

std::string pdf_to_text(const std::string& path) {
    auto fail = [&](const std::string& why) {
        return LoadError(SkipReason::unreadable, "cannot read '" + path + "': " + why);
    };
    Pipe text = make_pipe();
    int error = 0;
    pid_t pid =
        spawn_process({"pdftotext", {"pdftotext", "-q", "-enc", "UTF-8", path, "-"}, -1, text.write.get()}, error);
    text.write.reset();  // pdftotext holds the only write end now: its exit is our end of file
    if (pid < 0) throw fail("pdftotext not found (install poppler-utils)");
    std::string out = read_to_end(text.read);
    int status = wait_for(pid);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw fail("pdftotext failed");
    return out;
}

}  // namespace rag::index
