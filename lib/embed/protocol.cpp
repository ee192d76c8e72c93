// SPDX-License-Identifier: MIT
// Embedding request bodies and response parsing (simdjson).
#include "lib/embed/protocol.h"

#include <simdjson.h>

#include <fmt/format.h>

#include "lib/core/json_out.h"

namespace rag::embed {

namespace {

std::vector<float> read_vector(simdjson::dom::element e) {
    simdjson::dom::array arr;
    if (e.get_array().get(arr)) throw ProtocolError("an embedding is not an array of numbers");
    std::vector<float> v;
    v.reserve(arr.size());
    for (simdjson::dom::element x : arr) {
        double d;
        if (x.get_double().get(d)) throw ProtocolError("an embedding holds something other than a number");
        v.push_back(static_cast<float>(d));
    }
    return v;
}

std::vector<std::vector<float>> read_ollama(simdjson::dom::element doc) {
    simdjson::dom::array arr;
    if (doc["embeddings"].get_array().get(arr)) throw ProtocolError("response has no \"embeddings\" array");
    std::vector<std::vector<float>> out;
    for (simdjson::dom::element e : arr) out.push_back(read_vector(e));
    return out;
}

std::vector<std::vector<float>> read_openai(simdjson::dom::element doc, size_t expected) {
    simdjson::dom::array arr;
    if (doc["data"].get_array().get(arr)) throw ProtocolError("response has no \"data\" array");
    std::vector<std::vector<float>> out(arr.size());
    size_t position = 0;
    for (simdjson::dom::element item : arr) {
        uint64_t index = position++;
        if (auto i = item["index"].get_uint64(); !i.error()) index = i.value();
        if (index >= out.size() || index >= expected || !out[index].empty())
            throw ProtocolError(fmt::format("response \"data\" has a bad or repeated index {}", index));
        out[index] = read_vector(item["embedding"]);
    }
    return out;
}

}  // namespace

std::string embed_request_body(const EmbedSpec& spec, const std::vector<std::string_view>& texts) {
    std::string body;
    JsonWriter w(body);
    w.begin_object().key("model").str(spec.model).key("input").begin_array();
    for (std::string_view t : texts) w.str(t);
    w.end_array().end_object();
    return body;
}

std::vector<std::vector<float>> parse_embed_response(Api api, std::string_view body, size_t expected) {
    simdjson::dom::parser parser;
    simdjson::dom::element doc;
    simdjson::padded_string padded(body);
    if (parser.parse(padded).get(doc)) throw ProtocolError("response is not JSON");
    auto out = api == Api::kOllama ? read_ollama(doc) : read_openai(doc, expected);
    if (out.size() != expected)
        throw ProtocolError(fmt::format("asked for {} embeddings, got {}", expected, out.size()));
    for (const auto& v : out)
        if (v.empty() || v.size() != out[0].size())
            throw ProtocolError("response embeddings are empty or of different dimensions");
    return out;
}

}  // namespace rag::embed
