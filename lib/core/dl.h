// SPDX-License-Identifier: MIT
// Loading a shared library on first use (dlopen) instead of at process start.
//
// Every shared object a tool links costs its start-up time (open, map,
// relocate), paid even by the runs that never call it: a pipeline stage that
// only passes a cached answer on. Libraries needed only on some paths are
// loaded here, the first time a path needs them.
#pragma once

#include <dlfcn.h>
#include <initializer_list>
#include <string_view>

namespace rag {

/// dlopen()s the first of `sonames` that loads (distributions name some
/// libraries differently); throws Fatal (kExitUnavailable) naming `what`.
void* load_library(std::initializer_list<const char*> sonames, std::string_view what);

/// Points `fn` at the symbol `name` of `lib`; throws Fatal when it is missing.
void resolve_symbol(void* lib, void*& fn, const char* name, std::string_view what);

template <typename F>
void resolve(void* lib, F& fn, const char* name, std::string_view what) {
    void* p = nullptr;
    resolve_symbol(lib, p, name, what);
    fn = reinterpret_cast<F>(p);
}

}  // namespace rag
