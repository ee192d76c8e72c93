// SPDX-License-Identifier: MIT
// rag-retrieve's search in-process, timed like the peers: query DIR QUERIES.tsv K K1 B > run.
#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "lib/index/reader.h"

static double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main(int argc, char** argv) {
    if (argc < 7) return 2;
    auto reader = rag::index::IndexReader::open(argv[2]);
    rag::index::SearchOptions so{
        .k = std::stoul(argv[4]), .bm25 = {std::stod(argv[5]), std::stod(argv[6])}, .fetch_text = false};
    std::ifstream in(argv[3]);
    std::vector<double> lat;
    for (std::string line; std::getline(in, line);) {
        size_t a = line.find('\t');
        double t0 = now_ms();
        auto res = reader.search(line.substr(a + 1), so);
        lat.push_back(now_ms() - t0);
        int rank = 0;
        std::vector<std::string> seen;  // a document's best chunk only, as --format trec
        for (const auto& h : res.hits) {
            if (std::find(seen.begin(), seen.end(), h.chunk.doc) != seen.end()) continue;
            seen.push_back(h.chunk.doc);
            std::cout << line.substr(0, a) << " Q0 " << h.chunk.doc << ' ' << ++rank << ' ' << h.score << " rag\n";
        }
    }
    std::sort(lat.begin(), lat.end());
    double sum = 0;
    for (double l : lat) sum += l;
    std::cerr << "p50 " << lat[lat.size() / 2] << " p99 " << lat[lat.size() * 99 / 100] << " qps "
              << lat.size() / (sum / 1000) << "\n";
}
