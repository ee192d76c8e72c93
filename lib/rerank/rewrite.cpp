// SPDX-License-Identifier: MIT
// A run's meta, sources and context rewritten in the reranked order.
#include "lib/rerank/rewrite.h"

#include <cmath>
#include <initializer_list>

#include "lib/core/json_out.h"

namespace rag::rerank {
namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

bool listed(std::string_view key, std::initializer_list<std::string_view> keys) {
    for (std::string_view k : keys)
        if (k == key) return true;
    return false;
}

// Writes every field of `o` but `skip`'s into the open object of `w`.
void copy_fields(JsonWriter& w, object o, std::initializer_list<std::string_view> skip) {
    for (auto field : o) {
        if (listed(field.key, skip)) continue;
        w.key(field.key).raw(simdjson::minify(field.value));
    }
}

std::vector<element> items(object o, std::string_view list) {
    std::vector<element> out;
    array a;
    if (o[list].get_array().get(a) == simdjson::SUCCESS)
        for (element e : a) out.push_back(e);
    return out;
}

std::string_view text_of(element e, std::string_view key) {
    std::string_view s;
    return e[key].get_string().get(s) == simdjson::SUCCESS ? s : std::string_view();
}

void write_score(JsonWriter& w, const Ranking& r, size_t index) {
    if (!r.scores.empty()) w.key("rerank_score").num(std::round(r.scores[index] * 1e6) / 1e6);
}

// `item` with the run's rerank_score (a non-object is copied as it is).
void write_ranked(JsonWriter& w, element item, const Ranking& r, size_t index) {
    object o;
    if (item.get_object().get(o) != simdjson::SUCCESS) {
        w.raw(simdjson::minify(item));
        return;
    }
    w.begin_object();
    copy_fields(w, o, {"rerank_score"});
    write_score(w, r, index);
    w.end_object();
}

std::string with_list(object data, std::string_view list, const std::function<void(JsonWriter&)>& write_list) {
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    copy_fields(w, data, {list});
    w.key(list).begin_array();
    write_list(w);
    w.end_array().end_object();
    return out;
}

// The source that shows `doc`, if one does.
const element* source_of(const std::vector<element>& sources, std::string_view doc) {
    for (const element& s : sources)
        if (!doc.empty() && text_of(s, "doc") == doc) return &s;
    return nullptr;
}

void write_new_source(JsonWriter& w, object passage, const Ranking& r, size_t index, const SnippetFn& snippet) {
    w.begin_object();
    copy_fields(w, passage, {"rerank_score", "snippet"});
    std::string_view text;
    if (passage["text"].get_string().get(text) == simdjson::SUCCESS) w.key("snippet").str(snippet(text));
    write_score(w, r, index);
    w.end_object();
}

}  // namespace

std::string context_data(object context, const Ranking& ranking) {
    std::vector<element> passages = items(context, "passages");
    return with_list(context, "passages", [&](JsonWriter& w) {
        for (size_t i : ranking.order) write_ranked(w, passages[i], ranking, i);
    });
}

std::string sources_data(object sources, object context, const Ranking& ranking, const SnippetFn& snippet) {
    std::vector<element> old = items(sources, "sources");
    std::vector<element> passages = items(context, "passages");
    size_t count = std::min(old.size(), ranking.order.size());
    return with_list(sources, "sources", [&](JsonWriter& w) {
        for (size_t n = 0; n < count; ++n) {
            size_t i = ranking.order[n];
            object passage;
            if (const element* s = source_of(old, text_of(passages[i], "doc"))) write_ranked(w, *s, ranking, i);
            else if (passages[i].get_object().get(passage) == simdjson::SUCCESS)
                write_new_source(w, passage, ranking, i, snippet);
            else w.raw(simdjson::minify(passages[i]));
        }
    });
}

std::string meta_data(object meta, object context, const Ranking& ranking, const Note& note) {
    std::vector<element> passages = items(context, "passages");
    uint64_t chars = 0;
    for (size_t i : ranking.order) chars += text_of(passages[i], "text").size();
    std::string out;
    JsonWriter w(out);
    w.begin_object();
    bool counted = false;
    for (auto field : meta) {  // ctx_chars keeps its place, with the kept passages' count
        if (field.key == "rerank") continue;
        counted = counted || field.key == "ctx_chars";
        if (field.key == "ctx_chars") w.key(field.key).num(chars);
        else w.key(field.key).raw(simdjson::minify(field.value));
    }
    if (!counted) w.key("ctx_chars").num(chars);
    w.key("rerank").begin_object();
    if (!note.model.empty()) w.key("model").str(note.model);
    w.key("reranked").num(uint64_t{note.error.empty() ? note.reranked : 0});
    w.key("kept").num(static_cast<uint64_t>(ranking.order.size()));
    w.key("requests").num(static_cast<uint64_t>(note.requests)).key("duration_ms").num(std::round(note.ms));
    if (!note.error.empty()) w.key("error").str(note.error).key("order").str("retrieval");
    w.end_object().end_object();
    return out;
}

}  // namespace rag::rerank
