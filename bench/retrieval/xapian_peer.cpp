// SPDX-License-Identifier: MIT
// Xapian peer for bench/retrieval: build DIR DOCS.tsv K1 B | query DIR QUERIES.tsv K K1 B > run
// (documents: id<TAB>title<TAB>text; queries: qid<TAB>text). Prints timings on stderr.
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

static double now_ms() {
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

int main(int argc, char** argv) {
    if (argc < 5) return 2;
    std::string mode = argv[1], dir = argv[2], file = argv[3];
    std::ifstream in(file);
    std::string line;
    if (mode == "build") {
        Xapian::WritableDatabase db(dir, Xapian::DB_CREATE_OR_OVERWRITE);
        Xapian::TermGenerator tg;
        tg.set_stemmer(Xapian::Stem("english"));
        while (std::getline(in, line)) {
            size_t a = line.find('\t'), b = line.find('\t', a + 1);
            Xapian::Document doc;
            tg.set_document(doc);
            tg.index_text(line.substr(a + 1, b - a - 1));
            tg.index_text(line.substr(b + 1));
            doc.set_data(line.substr(0, a));
            db.add_document(doc);
        }
        db.commit();
        return 0;
    }
    size_t k = std::stoul(argv[4]);
    Xapian::Database db(dir);
    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(Xapian::BM25Weight(std::stod(argv[5]), 0, 1, std::stod(argv[6]), 0.5));
    Xapian::QueryParser qp;
    qp.set_stemmer(Xapian::Stem("english"));
    qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    qp.set_database(db);
    std::vector<double> lat;
    while (std::getline(in, line)) {
        size_t a = line.find('\t');
        double t0 = now_ms();
        enquire.set_query(qp.parse_query(line.substr(a + 1), 0));  // no boolean syntax: plain words
        Xapian::MSet m = enquire.get_mset(0, k);
        lat.push_back(now_ms() - t0);
        int rank = 0;
        for (auto it = m.begin(); it != m.end(); ++it)
            std::cout << line.substr(0, a) << " Q0 " << it.get_document().get_data() << ' ' << ++rank << ' '
                      << it.get_weight() << " xapian\n";
    }
    std::sort(lat.begin(), lat.end());
    double sum = 0;
    for (double l : lat) sum += l;
    std::cerr << "p50 " << lat[lat.size() / 2] << " p99 " << lat[lat.size() * 99 / 100] << " qps "
              << lat.size() / (sum / 1000) << "\n";
}
