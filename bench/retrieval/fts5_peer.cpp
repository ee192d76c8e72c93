// SPDX-License-Identifier: MIT
// SQLite FTS5 peer for bench/retrieval: build DB DOCS.tsv | query DB QUERIES.tsv K > run.
// FTS5's bm25() has fixed k1 = 1.2, b = 0.75. Prints timings on stderr.
#include <sqlite3.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

static double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// Every word, quoted, joined by OR: a bag-of-words query without FTS5 syntax.
static std::string or_query(const std::string& text) {
    std::string q, w;
    auto flush = [&] {
        if (w.empty()) return;
        if (!q.empty()) q += " OR ";
        q += '"' + w + '"';
        w.clear();
    };
    for (unsigned char c : text) {
        if (std::isalnum(c) || c >= 0x80) w += static_cast<char>(std::tolower(c));
        else flush();
    }
    flush();
    return q;
}

int main(int argc, char** argv) {
    if (argc < 4) return 2;
    std::string mode = argv[1], file = argv[3];
    sqlite3* db;
    if (sqlite3_open(argv[2], &db)) return 1;
    std::ifstream in(file);
    std::string line;
    if (mode == "build") {
        sqlite3_exec(db,
                     "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; DROP TABLE IF EXISTS docs;"
                     "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, title, body, tokenize='porter unicode61');"
                     "BEGIN;",
                     nullptr, nullptr, nullptr);
        sqlite3_stmt* st;
        sqlite3_prepare_v2(db, "INSERT INTO docs(id, title, body) VALUES (?, ?, ?)", -1, &st, nullptr);
        while (std::getline(in, line)) {
            size_t a = line.find('\t'), b = line.find('\t', a + 1);
            std::string id = line.substr(0, a), title = line.substr(a + 1, b - a - 1), text = line.substr(b + 1);
            sqlite3_bind_text(st, 1, id.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 2, title.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 3, text.c_str(), -1, SQLITE_TRANSIENT);
            sqlite3_step(st);
            sqlite3_reset(st);
        }
        sqlite3_finalize(st);
        sqlite3_exec(db, "COMMIT; INSERT INTO docs(docs) VALUES('optimize');", nullptr, nullptr, nullptr);
        sqlite3_close(db);
        return 0;
    }
    int k = std::stoi(argv[4]);
    sqlite3_stmt* st;
    sqlite3_prepare_v2(db, "SELECT id, bm25(docs) FROM docs WHERE docs MATCH ? ORDER BY bm25(docs) LIMIT ?", -1, &st,
                       nullptr);
    std::vector<double> lat;
    while (std::getline(in, line)) {
        size_t a = line.find('\t');
        std::string q = or_query(line.substr(a + 1)), qid = line.substr(0, a);
        double t0 = now_ms();
        sqlite3_bind_text(st, 1, q.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, k);
        std::vector<std::pair<std::string, double>> hits;
        while (sqlite3_step(st) == SQLITE_ROW)
            hits.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)), -sqlite3_column_double(st, 1));
        sqlite3_reset(st);
        lat.push_back(now_ms() - t0);
        for (size_t i = 0; i < hits.size(); ++i)
            std::cout << qid << " Q0 " << hits[i].first << ' ' << i + 1 << ' ' << hits[i].second << " fts5\n";
    }
    std::sort(lat.begin(), lat.end());
    double sum = 0;
    for (double l : lat) sum += l;
    std::cerr << "p50 " << lat[lat.size() / 2] << " p99 " << lat[lat.size() * 99 / 100] << " qps "
              << lat.size() / (sum / 1000) << "\n";
}
