// SPDX-License-Identifier: MIT
// A new index built beside the one it replaces and swapped in whole, so that
// a failed, empty or killed build never costs the user the index they have.
#pragma once

#include <string>

namespace rag::index {

/// Staging for `rag-index build`: the new environment is written in a
/// hidden sibling directory (".NAME.build-PID") and publish() exchanges it
/// with the target in one renameat2(RENAME_EXCHANGE) (a plain rename when
/// there is no target yet), then deletes the old files. Readers that hold
/// the old index open keep their mapping of the old data file, which lives
/// until they close it; new readers open the new one. Stagings left by a
/// killed build are removed by the next one.
class StagedIndex {
public:
    /// Throws rag::Fatal (kExitCantCreate) when `target` exists and holds
    /// anything but an index's data.mdb and lock.mdb, or the staging
    /// directory cannot be made.
    explicit StagedIndex(std::string target);
    ~StagedIndex();  ///< removes the staging unless published
    StagedIndex(const StagedIndex&) = delete;
    StagedIndex& operator=(const StagedIndex&) = delete;

    /// Where the new environment is to be written.
    const std::string& path() const { return staging_; }

    /// Swaps the staging in as `target` and removes the old index.
    /// The new environment must be closed. Throws rag::Fatal (kExitCantCreate).
    void publish();

private:
    std::string target_, staging_;
    bool published_ = false;
};

}  // namespace rag::index
