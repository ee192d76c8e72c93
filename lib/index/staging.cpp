// SPDX-License-Identifier: MIT
// StagedIndex: build beside, exchange atomically, delete the old files.
#include "lib/index/staging.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "lib/core/error.h"

namespace rag::index {

namespace fs = std::filesystem;

namespace {

constexpr const char* kIndexFiles[] = {"data.mdb", "lock.mdb"};

bool index_file(const fs::path& p) {
    std::string name = p.filename().string();
    return name == kIndexFiles[0] || name == kIndexFiles[1];
}

// True when `dir` is absent, empty, or holds only an index's files.
bool replaceable(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) return true;
    if (!fs::is_directory(dir, ec)) return false;
    for (const auto& entry : fs::directory_iterator(dir, ec))
        if (!index_file(entry.path())) return false;
    return !ec;
}

// Deletes an index directory: its two files, then the directory itself.
void remove_index_dir(const fs::path& dir) {
    std::error_code ec;
    for (const char* f : kIndexFiles) fs::remove(dir / f, ec);
    fs::remove(dir, ec);
}

std::string staging_prefix(const fs::path& target) { return "." + target.filename().string() + ".build-"; }

// Stagings of builds whose process is gone (killed mid-build).
void remove_stale(const fs::path& target) {
    std::error_code ec;
    fs::path parent = target.parent_path().empty() ? "." : target.parent_path();
    std::string prefix = staging_prefix(target);
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        std::string name = entry.path().filename().string();
        if (!name.starts_with(prefix)) continue;
        pid_t pid = static_cast<pid_t>(std::atol(name.c_str() + prefix.size()));
        if (pid > 0 && kill(pid, 0) != 0 && errno == ESRCH && replaceable(entry.path())) remove_index_dir(entry.path());
    }
}

[[noreturn]] void cannot(const std::string& what, const std::string& path) {
    throw Fatal(kExitCantCreate, fmt::format("cannot {} '{}': {}", what, path, std::strerror(errno)));
}

void sync_dir(const fs::path& dir) {
    int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;
    fsync(fd);
    close(fd);
}

}  // namespace

StagedIndex::StagedIndex(std::string target) : target_(std::move(target)) {
    fs::path t = fs::path(target_).lexically_normal();
    if (t.filename().empty()) t = t.parent_path();  // "idx/" names "idx"
    if (!replaceable(t))
        throw Fatal(kExitCantCreate, fmt::format("'{}' holds files that are not an index's; not replacing it "
                                                 "(give an empty or new directory)",
                                                 target_));
    std::error_code ec;
    if (!t.parent_path().empty()) fs::create_directories(t.parent_path(), ec);
    remove_stale(t);
    target_ = t.string();
    staging_ = (t.parent_path() / (staging_prefix(t) + std::to_string(getpid()))).string();
    remove_index_dir(staging_);
    if (::mkdir(staging_.c_str(), 0755) != 0) cannot("create the new index beside", target_);
}

StagedIndex::~StagedIndex() {
    if (!published_) remove_index_dir(staging_);
}

void StagedIndex::publish() {
    if (renameat2(AT_FDCWD, staging_.c_str(), AT_FDCWD, target_.c_str(), RENAME_EXCHANGE) != 0) {
        if (errno != ENOENT) cannot("swap in the new index as", target_);
        if (::rename(staging_.c_str(), target_.c_str()) != 0) cannot("move the new index to", target_);
    }
    published_ = true;
    sync_dir(fs::path(target_).parent_path());
    remove_index_dir(staging_);  // now the old index, when there was one
}

}  // namespace rag::index
