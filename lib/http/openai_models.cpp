// SPDX-License-Identifier: MIT
// The models a request may name: the server's default, the extractive answerer, and --models.
#include "lib/http/openai_models.h"

#include <algorithm>

#include "lib/core/json_out.h"
#include "lib/core/model.h"

namespace rag::http {
namespace {

constexpr std::string_view kDefaultName = "rag";
constexpr std::string_view kPrefix = "rag:";

void write_model(JsonWriter& w, std::string_view id) {
    w.begin_object().key("id").str(id).key("object").str("model").key("created").num(int64_t{0});
    w.key("owned_by").str("rag-tools").end_object();
}

}  // namespace

ModelCatalog::ModelCatalog(const std::vector<std::string>& offered) {
    auto add = [this](std::string_view text) {
        ModelSpec m = resolve_model(text);
        if (m.error.empty() && std::find(specs_.begin(), specs_.end(), m.spec) == specs_.end())
            specs_.push_back(m.spec);
    };
    add({});  // what the pipeline answers with when a request names nothing ($RAG_MODEL or extractive)
    add("extractive");
    for (const std::string& s : offered) add(s);
}

bool ModelCatalog::allows(std::string_view spec) const {
    if (spec.empty()) return true;
    ModelSpec m = resolve_model(spec);
    return m.error.empty() && std::find(specs_.begin(), specs_.end(), m.spec) != specs_.end();
}

std::optional<std::string> ModelCatalog::pipeline_model(std::string_view name) const {
    if (name == kDefaultName) return std::string();
    if (name.starts_with(kPrefix)) name.remove_prefix(kPrefix.size());
    if (name.empty() || !allows(name)) return std::nullopt;
    return std::string(name);
}

std::string ModelCatalog::list_json() const {
    std::string s;
    JsonWriter w(s);
    w.begin_object().key("object").str("list").key("data").begin_array();
    write_model(w, kDefaultName);
    for (const std::string& spec : specs_) write_model(w, std::string(kPrefix) + spec);
    w.end_array().end_object();
    return s;
}

std::optional<std::string> ModelCatalog::model_json(std::string_view name) const {
    if (!pipeline_model(name)) return std::nullopt;
    std::string s;
    JsonWriter w(s);
    write_model(w, name);
    return s;
}

}  // namespace rag::http
