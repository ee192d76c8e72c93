// SPDX-License-Identifier: MIT
// The two wire shapes of a rerank endpoint.
#include "lib/rerank/api.h"

#include <cmath>

#include <fmt/format.h>
#include <simdjson.h>

#include "lib/core/json_out.h"

namespace rag::rerank {
namespace {

bool has_suffix(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The list of {index, score} objects of a response, by shape.
simdjson::error_code result_list(ApiShape shape, simdjson::dom::element doc, simdjson::dom::array& list) {
    if (shape == ApiShape::kTei) return doc.get_array().get(list);
    return doc["results"].get_array().get(list);
}

bool read_score(simdjson::dom::object item, std::string_view key, double& score) {
    if (item[key].get_double().get(score) == simdjson::SUCCESS) return std::isfinite(score);
    int64_t i;
    if (item[key].get_int64().get(i) != simdjson::SUCCESS) return false;
    score = static_cast<double>(i);
    return true;
}

}  // namespace

bool parse_api_shape(std::string_view name, ApiShape& shape) {
    if (name == "jina") shape = ApiShape::kJina;
    else if (name == "tei") shape = ApiShape::kTei;
    else return false;
    return true;
}

std::string rerank_endpoint(ApiShape shape, std::string_view base) {
    while (!base.empty() && base.back() == '/') base.remove_suffix(1);
    std::string url(base);
    if (url.find("://") == std::string::npos) url = "http://" + url;  // host:port
    if (has_suffix(url, "/rerank")) return url;
    if (shape == ApiShape::kTei) return url + "/rerank";
    return has_suffix(url, "/v1") ? url + "/rerank" : url + "/v1/rerank";
}

std::string rerank_body(ApiShape shape, std::string_view model, std::string_view query,
                        const std::vector<std::string_view>& documents) {
    std::string body;
    JsonWriter w(body);
    w.begin_object();
    if (shape == ApiShape::kJina && !model.empty()) w.key("model").str(model);
    w.key("query").str(query);
    w.key(shape == ApiShape::kTei ? "texts" : "documents").begin_array();
    for (std::string_view d : documents) w.str(d);
    w.end_array();
    if (shape == ApiShape::kTei) {
        w.key("truncate").boolean(true);
    } else {
        w.key("top_n").num(static_cast<uint64_t>(documents.size())).key("return_documents").boolean(false);
    }
    w.end_object();
    return body;
}

std::string parse_scores(ApiShape shape, std::string_view body, size_t count, std::vector<double>& scores) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    if (parser.parse(body.data(), body.size()).get(doc)) return "the response is not JSON";
    simdjson::dom::array list;
    if (result_list(shape, doc, list))
        return shape == ApiShape::kTei ? "the response is not a list of {index, score}"
                                       : "the response has no \"results\" list";
    std::string_view key = shape == ApiShape::kTei ? "score" : "relevance_score";
    scores.assign(count, NAN);
    for (simdjson::dom::element e : list) {
        simdjson::dom::object item;
        int64_t index;
        double score;
        if (e.get_object().get(item) || item["index"].get_int64().get(index))
            return "a result has no \"index\"";
        if (index < 0 || static_cast<uint64_t>(index) >= count)
            return fmt::format("result index {} is out of range (the request had {} documents)", index, count);
        if (!read_score(item, key, score)) return fmt::format("result {} has no numeric \"{}\"", index, key);
        scores[static_cast<size_t>(index)] = score;
    }
    for (size_t i = 0; i < count; ++i)
        if (std::isnan(scores[i])) return fmt::format("the response has no score for document {}", i);
    return {};
}

}  // namespace rag::rerank
