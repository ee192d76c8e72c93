// SPDX-License-Identifier: MIT
// Default locations under the XDG base directories.
#pragma once

#include <string>

namespace rag {

/// $XDG_DATA_HOME/rag, else ~/.local/share/rag.
std::string data_dir();
/// $XDG_CACHE_HOME/rag, else ~/.cache/rag.
std::string cache_dir();
/// Default index: data_dir() + "/index".
std::string default_index_path();
/// Default answer cache: cache_dir() + "/answers".
std::string default_cache_path();

/// Creates `path` and its parents (mode 0755); throws Fatal(kExitCantCreate).
void make_dirs(const std::string& path);

}  // namespace rag
