// SPDX-License-Identifier: MIT
// The passages of a `context` event and the sources of a `sources` event.
#include "lib/core/passages.h"

namespace rag {
namespace {

std::string_view field(simdjson::dom::object o, std::string_view key) {
    std::string_view v;
    return o[key].get_string().get(v) == simdjson::SUCCESS ? v : std::string_view();
}

double number(simdjson::dom::object o, std::string_view key) {
    double d;
    if (o[key].get_double().get(d) == simdjson::SUCCESS) return d;
    int64_t i;
    return o[key].get_int64().get(i) == simdjson::SUCCESS ? static_cast<double>(i) : 0;
}

}  // namespace

std::vector<PassageView> read_passages(const Event& ev, std::string_view list) {
    std::vector<PassageView> out;
    simdjson::dom::array items;
    if (ev.data[list].get_array().get(items) != simdjson::SUCCESS) return out;
    for (simdjson::dom::element item : items) {
        simdjson::dom::object o;
        if (item.get_object().get(o) != simdjson::SUCCESS) {
            out.emplace_back();  // keeps the numbering of the passages after it
            continue;
        }
        out.push_back({field(o, "doc"), field(o, "title"), field(o, "text"), field(o, "snippet"), number(o, "score")});
    }
    return out;
}

}  // namespace rag
