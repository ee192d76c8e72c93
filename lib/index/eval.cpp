// SPDX-License-Identifier: MIT
// trec_eval's definitions of nDCG@10, Recall@100 and MRR@10.
#include "lib/index/eval.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace rag::index {

namespace {

std::vector<std::string> fields(const std::string& line) {
    std::istringstream in(line);
    std::vector<std::string> out;
    for (std::string f; in >> f;) out.push_back(f);
    return out;
}

// A whole field as a finite number (std::stod throws, and accepts "1x").
bool parse_score(const std::string& field, double& score) {
    auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), score);
    return ec == std::errc() && end == field.data() + field.size() && std::isfinite(score);
}

double dcg(const std::vector<int>& gains, size_t depth) {
    double s = 0;
    for (size_t i = 0; i < gains.size() && i < depth; ++i) s += gains[i] / std::log2(static_cast<double>(i) + 2.0);
    return s;
}

}  // namespace

Qrels read_qrels(const std::string& path) {
    std::ifstream in(path);
    if (!in) throw std::runtime_error("cannot open qrels '" + path + "'");
    Qrels q;
    size_t n = 0;
    for (std::string line; std::getline(in, line);) {
        ++n;
        auto f = fields(line);
        if (f.empty()) continue;
        try {
            if (f.size() == 4) q[f[0]][f[2]] = std::stoi(f[3]);
            else if (f.size() == 3) q[f[0]][f[1]] = std::stoi(f[2]);
            else throw std::invalid_argument("fields");
        } catch (const std::exception&) {
            if (n == 1) continue;  // BEIR's header
            throw std::runtime_error(path + ":" + std::to_string(n) + ": not a qrels line");
        }
    }
    return q;
}

Run read_run(const std::string& path) {
    std::ifstream file;
    if (path != "-") {
        file.open(path);
        if (!file) throw std::runtime_error("cannot open run '" + path + "'");
    }
    std::istream& in = path == "-" ? std::cin : file;
    Run run;
    size_t n = 0;
    for (std::string line; std::getline(in, line);) {
        ++n;
        auto f = fields(line);
        if (f.empty()) continue;
        double score = 0;
        if (f.size() < 5 || !parse_score(f[4], score))
            throw std::runtime_error(path + ":" + std::to_string(n) + ": not a run line (qid Q0 docid rank score tag)");
        run[f[0]].emplace_back(f[2], score);
    }
    return run;
}

Metrics evaluate(const Run& run, const Qrels& qrels) {
    Metrics m;
    for (const auto& [qid, judged] : qrels) {
        std::vector<int> ideal;
        for (const auto& [doc, rel] : judged)
            if (rel > 0) ideal.push_back(rel);
        if (ideal.empty()) continue;
        ++m.queries;
        auto it = run.find(qid);
        if (it == run.end()) continue;
        auto ranked = it->second;
        std::stable_sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
            return a.second > b.second || (a.second == b.second && a.first > b.first);
        });
        std::set<std::string> seen;  // a document counts once, at its best rank
        std::erase_if(ranked, [&](const auto& r) { return !seen.insert(r.first).second; });
        std::vector<int> gains;
        size_t found100 = 0;
        double rr = 0;
        for (size_t i = 0; i < ranked.size(); ++i) {
            auto j = judged.find(ranked[i].first);
            int rel = j == judged.end() ? 0 : std::max(0, j->second);
            if (i < 10) gains.push_back(rel);
            if (rel > 0 && i < 100) ++found100;
            if (rel > 0 && i < 10 && rr == 0) rr = 1.0 / static_cast<double>(i + 1);
        }
        std::sort(ideal.rbegin(), ideal.rend());
        double idcg = dcg(ideal, 10);
        m.ndcg10 += idcg > 0 ? dcg(gains, 10) / idcg : 0;
        m.recall100 += static_cast<double>(found100) / static_cast<double>(ideal.size());
        m.mrr10 += rr;
    }
    if (m.queries) {
        double n = static_cast<double>(m.queries);
        m.ndcg10 /= n;
        m.recall100 /= n;
        m.mrr10 /= n;
    }
    return m;
}

}  // namespace rag::index
