// SPDX-License-Identifier: MIT
#include "lib/core/dl.h"

#include <string>

#include <fmt/format.h>

#include "lib/core/error.h"

namespace rag {

void* load_library(std::initializer_list<const char*> sonames, std::string_view what) {
    std::string why;
    for (const char* name : sonames) {
        if (void* lib = dlopen(name, RTLD_NOW | RTLD_LOCAL)) return lib;
        why = dlerror();
    }
    throw Fatal(kExitUnavailable, fmt::format("cannot load {}: {}", what, why));
}

void resolve_symbol(void* lib, void*& fn, const char* name, std::string_view what) {
    fn = dlsym(lib, name);
    if (!fn) throw Fatal(kExitUnavailable, fmt::format("{} lacks {}", what, name));
}

}  // namespace rag
