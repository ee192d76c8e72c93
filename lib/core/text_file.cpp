// SPDX-License-Identifier: MIT
#include "lib/core/text_file.h"

#include <fcntl.h>
#include <unistd.h>
#include <cerrno>
#include <system_error>

#include <fmt/format.h>

namespace rag {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v'; }
bool is_blank(char c) { return c == ' ' || c == '\t'; }

template <typename Pred>
std::string_view trim_if(std::string_view s, Pred pred) {
    while (!s.empty() && pred(s.front())) s.remove_prefix(1);
    while (!s.empty() && pred(s.back())) s.remove_suffix(1);
    return s;
}

[[noreturn]] void fail(std::string_view what, const std::string& path) {
    int err = errno;
    std::string name = path == "-" ? "standard input" : fmt::format("'{}'", path);
    throw std::system_error(err, std::generic_category(), fmt::format("cannot read {} {}", what, name));
}

}  // namespace

std::string read_file(const std::string& path, std::string_view what) {
    int fd = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) fail(what, path);
    std::string out;
    char buf[65536];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n == 0) break;
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            int err = errno;
            if (fd != 0) ::close(fd);
            errno = err;
            fail(what, path);
        }
        out.append(buf, static_cast<size_t>(n));
    }
    if (fd != 0) ::close(fd);
    return out;
}

std::string_view trim(std::string_view s) { return trim_if(s, is_space); }

std::string_view trim_blanks(std::string_view s) { return trim_if(s, is_blank); }

}  // namespace rag
