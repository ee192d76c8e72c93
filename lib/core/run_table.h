// SPDX-License-Identifier: MIT
// Per-run state of a stage, dropped by the event core when a run ends.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace rag {

/// What the event core needs of a run table: forgetting one run.
class RunStore {
public:
    virtual ~RunStore() = default;
    virtual void erase(std::string_view run) = 0;
};

/// Heterogeneous lookup by string_view, so finding a run (or a type) allocates nothing.
struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

/// State per run id. Register it with EventTable::track() and the core erases
/// a run's entry after the stage has seen that run's `done`, `error` or
/// `cancel`, so no stage writes that bookkeeping by hand. `on_erase`, when
/// set, is called with the state just before it goes (to abort its work).
template <typename State>
class RunTable final : public RunStore {
public:
    using Map = std::unordered_map<std::string, State, StringHash, std::equal_to<>>;

    RunTable() = default;
    explicit RunTable(std::function<void(State&)> on_erase) : on_erase_(std::move(on_erase)) {}

    /// The run's state, made with State's default constructor if absent.
    State& operator[](std::string_view run) {
        auto it = map_.find(run);
        return it != map_.end() ? it->second : map_.try_emplace(std::string(run)).first->second;
    }
    /// The run's state, or nullptr.
    State* find(std::string_view run) {
        auto it = map_.find(run);
        return it == map_.end() ? nullptr : &it->second;
    }
    const State* find(std::string_view run) const {
        auto it = map_.find(run);
        return it == map_.end() ? nullptr : &it->second;
    }
    bool contains(std::string_view run) const { return map_.find(run) != map_.end(); }

    void erase(std::string_view run) override {
        auto it = map_.find(run);
        if (it == map_.end()) return;
        if (on_erase_) on_erase_(it->second);
        map_.erase(it);
    }

    bool empty() const { return map_.empty(); }
    size_t size() const { return map_.size(); }
    typename Map::iterator begin() { return map_.begin(); }
    typename Map::iterator end() { return map_.end(); }

private:
    Map map_;
    std::function<void(State&)> on_erase_;
};

}  // namespace rag
