// SPDX-License-Identifier: MIT
// Default locations under the XDG base directories.
#include "lib/core/xdg.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "lib/core/error.h"

namespace rag {
namespace {

std::string home() {
    if (const char* h = std::getenv("HOME"); h && *h) return h;
    if (const passwd* pw = getpwuid(getuid()); pw && pw->pw_dir) return pw->pw_dir;
    return "/";
}

// The XDG spec says a relative value is invalid and must be ignored.
std::string xdg(const char* var, const char* fallback_under_home) {
    const char* v = std::getenv(var);
    if (v && v[0] == '/') return v;
    return home() + "/" + fallback_under_home;
}

}  // namespace

std::string data_dir() { return xdg("XDG_DATA_HOME", ".local/share") + "/rag"; }
std::string cache_dir() { return xdg("XDG_CACHE_HOME", ".cache") + "/rag"; }
std::string default_index_path() { return data_dir() + "/index"; }
std::string default_cache_path() { return cache_dir() + "/answers"; }

void make_dirs(const std::string& path) {
    for (size_t i = 1; i <= path.size(); ++i) {
        if (i != path.size() && path[i] != '/') continue;
        std::string prefix = path.substr(0, i);
        if (mkdir(prefix.c_str(), 0755) != 0 && errno != EEXIST)
            throw Fatal(kExitCantCreate, "cannot create directory '" + prefix + "': " + strerror(errno));
    }
}

}  // namespace rag
