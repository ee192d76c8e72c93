// SPDX-License-Identifier: MIT
// A walk over a database's pages, with LMDB 0.9's on-disk layout (mdb.c):
// a 16-byte page header {pgno u64, pad u16, flags u16, lower u16, upper u16},
// then u16 node offsets; a node is {lo u16, hi u16, flags u16, ksize u16, key, data}.
#include "lib/store/pages.h"

#include <cstdint>
#include <cstring>
#include <vector>

#include <fmt/format.h>

namespace rag::store {
namespace {

constexpr size_t kHeader = 16, kNode = 8;
constexpr uint16_t kBranch = 0x01, kLeaf = 0x02, kOverflow = 0x04;
constexpr uint16_t kBigData = 0x01, kSubData = 0x02, kDupData = 0x04;
constexpr size_t kRootOffset = 40;  // MDB_db: pad u32, flags u16, depth u16, 4 x u64, root
constexpr uint64_t kNoRoot = ~uint64_t{0};
constexpr size_t kMaxDepth = 32;

template <typename T>
T load(const char* p) {
    T v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

class Walk {
public:
    Walk(const char* map, size_t psize, uint64_t pages) : map_(map), psize_(psize), pages_(pages) {}

    std::string tree(uint64_t root) {
        std::vector<std::pair<uint64_t, size_t>> todo{{root, 1}};  // page, depth
        uint64_t visited = 0;
        while (!todo.empty()) {
            auto [pgno, depth] = todo.back();
            todo.pop_back();
            if (depth > kMaxDepth || ++visited > pages_) return "the tree has a cycle";
            std::string why = page(pgno, todo, depth);
            if (!why.empty()) return fmt::format("page {}: {}", pgno, why);
        }
        return {};
    }

private:
    const char* at(uint64_t pgno) const { return map_ + pgno * psize_; }

    std::string page(uint64_t pgno, std::vector<std::pair<uint64_t, size_t>>& todo, size_t depth) {
        if (pgno < 2 || pgno >= pages_) return "beyond the file";
        const char* p = at(pgno);
        auto flags = load<uint16_t>(p + 10), lower = load<uint16_t>(p + 12), upper = load<uint16_t>(p + 14);
        if (load<uint64_t>(p) != pgno) return "its header names another page";
        if (flags != kBranch && flags != kLeaf) return "neither a branch nor a leaf";
        if (lower < kHeader || lower > upper || upper > psize_ || (lower - kHeader) % 2) return "bad bounds";
        for (size_t i = 0, n = (lower - kHeader) / 2; i < n; ++i) {
            auto off = load<uint16_t>(p + kHeader + 2 * i);
            if (off < upper || off + kNode > psize_) return fmt::format("node {} lies outside the page", i);
            std::string why = flags == kBranch ? branch_node(p + off, off, todo, depth) : leaf_node(p + off, off);
            if (!why.empty()) return fmt::format("node {}: {}", i, why);
        }
        return {};
    }

    std::string branch_node(const char* node, size_t off, std::vector<std::pair<uint64_t, size_t>>& todo,
                            size_t depth) {
        if (off + kNode + load<uint16_t>(node + 6) > psize_) return "its key ends past the page";
        uint64_t child =
            load<uint16_t>(node) | uint64_t{load<uint16_t>(node + 2)} << 16 | uint64_t{load<uint16_t>(node + 4)} << 32;
        todo.emplace_back(child, depth + 1);
        return {};
    }

    std::string leaf_node(const char* node, size_t off) const {
        uint64_t size = load<uint16_t>(node) | uint64_t{load<uint16_t>(node + 2)} << 16;
        auto flags = load<uint16_t>(node + 4), ksize = load<uint16_t>(node + 6);
        if (flags & (kSubData | kDupData)) return "claims duplicates or a sub-database";
        size_t in_page = flags & kBigData ? sizeof(uint64_t) : size;
        if (off + kNode + ksize + in_page > psize_) return "ends past the page";
        if (!(flags & kBigData)) return {};
        uint64_t first = load<uint64_t>(node + kNode + ksize);
        if (first < 2 || first >= pages_) return "its overflow page is beyond the file";
        const char* o = at(first);
        uint32_t count = load<uint32_t>(o + 12);
        if (load<uint64_t>(o) != first || load<uint16_t>(o + 10) != kOverflow || count == 0 || count > pages_ - first ||
            size > count * psize_ - kHeader)
            return "its overflow pages are damaged";
        return {};
    }

    const char* map_;
    size_t psize_;
    uint64_t pages_;
};

}  // namespace

std::string check_tree(MDB_txn* txn, const char* name, const char* map) {
    if (!map) return {};
    MDB_env* env = mdb_txn_env(txn);
    MDB_dbi main;
    MDB_val key{std::strlen(name), const_cast<char*>(name)}, record;
    if (mdb_dbi_open(txn, nullptr, 0, &main) != 0 || mdb_get(txn, main, &key, &record) != 0) return {};
    if (record.mv_size < kRootOffset + sizeof(uint64_t)) return "its record in the main database is damaged";
    uint64_t root = load<uint64_t>(static_cast<const char*>(record.mv_data) + kRootOffset);
    if (root == kNoRoot) return {};  // empty
    MDB_envinfo info;
    MDB_stat st;
    mdb_env_info(env, &info);
    mdb_env_stat(env, &st);
    return Walk(map, st.ms_psize, info.me_last_pgno + 1).tree(root);
}

}  // namespace rag::store
