// SPDX-License-Identifier: MIT
// rag-index: builds and updates a BM25 index (an LMDB environment) from
// JSONL, text, Markdown, HTML and PDF files, directories and stdin.
#include <unistd.h>

#include <cstdio>

#include "lib/core/event.h"
#include "lib/core/tool.h"
#include "lib/core/xdg.h"
#include "lib/index/info.h"
#include "lib/index/layout.h"
#include "lib/index/writer.h"

namespace {

namespace ix = rag::index;

struct Options {
    std::string index = rag::default_index_path();
    std::string corpus;
    std::string language = "english";
    bool no_stop_words = false;
    ix::ChunkOptions chunk;
    ix::LoadOptions load;
    std::vector<std::string> inputs;
    bool quiet = false;
};

// Documents/s, MB/s and ETA on stderr, at most four times a second, when it is a terminal.
class Progress {
public:
    Progress(bool on, uintmax_t total) : on_(on && isatty(2)), total_(total) {}
    void tick(size_t bytes) {
        ++docs_;
        bytes_ += bytes;
        if (!on_ || (docs_ & 63)) return;
        double now = rag::monotonic_ms();
        if (now - last_ < 250) return;
        last_ = now;
        double s = (now - start_) / 1000;
        double rate = bytes_ / s;
        std::string eta = total_ > bytes_ && rate > 0 ? fmt::format("  ETA {:.0f} s", (total_ - bytes_) / rate) : "";
        std::fprintf(stderr, "\r%s: %zu documents  %.0f docs/s  %.1f MB/s%s   ", rag::program_name().c_str(), docs_,
                     docs_ / s, rate / 1e6, eta.c_str());
    }
    void done() {
        if (on_ && last_ > 0) std::fprintf(stderr, "\r\033[K");
    }
    double seconds() const { return (rag::monotonic_ms() - start_) / 1000; }
    size_t docs() const { return docs_; }
    double bytes() const { return static_cast<double>(bytes_); }

private:
    bool on_;
    uintmax_t total_;
    size_t docs_ = 0;
    uintmax_t bytes_ = 0;
    double start_ = rag::monotonic_ms(), last_ = 0;
};

int index_inputs(const Options& opt, bool rebuild) {
    std::vector<ix::InputFile> files;
    try {
        files = ix::list_inputs(opt.inputs, opt.load);
    } catch (const ix::LoadError& e) {
        throw rag::Fatal(rag::kExitNoInput, e.what());
    }
    uintmax_t total = 0;
    for (const auto& f : files) total += f.size;
    rag::make_dirs(opt.index);
    ix::WriterOptions wo{.rebuild = rebuild, .corpus = opt.corpus,
                         .analyzer = {.language = opt.language, .stop_words = !opt.no_stop_words},
                         .chunk = opt.chunk, .expected_bytes = total};
    ix::IndexWriter writer(opt.index, wo);
    Progress progress(!opt.quiet, total);
    size_t failed = 0;
    auto warn_input = [&](const std::string& msg) {
        rag::warn(msg);
        ++failed;
    };
    for (const auto& f : files) {
        try {
            ix::load_file(f, opt.load, [&](ix::Document&& d) {
                size_t bytes = d.title.size() + d.text.size();
                std::string id = d.id;
                if (!writer.add(std::move(d))) rag::warnf("{}: duplicate document id '{}' (the first is kept)", f.path, id);
                progress.tick(bytes);
            }, warn_input);
        } catch (const ix::LoadError& e) {
            rag::warn(e.what());
            ++failed;
        }
    }
    progress.done();
    ix::CommitSummary s = writer.commit();
    if (!opt.quiet)
        rag::warnf("{}: {} documents ({} chunks) in {:.2f} s, {:.0f} docs/s, {:.1f} MB/s; index '{}' corpus '{}' now {} documents, {} chunks, generation {}",
                   rebuild ? "build" : "add", s.documents_added, s.chunks_added, progress.seconds(),
                   progress.docs() / std::max(progress.seconds(), 1e-9), progress.bytes() / 1e6 / std::max(progress.seconds(), 1e-9),
                   opt.index, writer.corpus(), s.documents, s.chunks, s.generation);
    return failed ? rag::kExitDataErr : rag::kExitOk;
}

int remove_docs(const Options& opt) {
    ix::IndexWriter writer(opt.index, {});
    size_t failed = 0;
    for (const std::string& id : opt.inputs)
        if (writer.remove(id) == 0) {
            rag::warnf("no document '{}' in index '{}'", id, opt.index);
            ++failed;
        }
    ix::CommitSummary s = writer.commit();
    if (!opt.quiet)
        rag::warnf("rm: {} documents removed; index '{}' now {} documents, {} chunks, generation {}",
                   s.documents_removed, opt.index, s.documents, s.chunks, s.generation);
    return failed ? rag::kExitDataErr : rag::kExitOk;
}

rag::store::Env open_existing(const std::string& dir) {
    rag::read_index_info(dir);   // a clear error for a missing or incompatible index
    return rag::store::Env::open(dir, {.read_only = true});
}

uint64_t entries(rag::store::Txn& txn, const char* name) {
    auto db = txn.db(name);
    MDB_stat st{};
    if (!db || mdb_stat(txn.get(), *db, &st)) return 0;
    return st.ms_entries;
}

int stats(const Options& opt, rag::Writer& out) {
    auto env = open_existing(opt.index);
    auto txn = env.read();
    MDB_dbi meta = *txn.db(ix::kMetaDb);
    uint64_t chunks = ix::meta_number(txn, meta, "chunks").value_or(0);
    uint64_t total = ix::meta_number(txn, meta, "total_len").value_or(0);
    out.append(fmt::format("index\t{}\ncorpus\t{}\ngeneration\t{}\nformat\t{}\ndocuments\t{}\nchunks\t{}\nterms\t{}\n"
                           "avg_chunk_terms\t{:.1f}\nlanguage\t{}\nstop_words\t{}\nsize_bytes\t{}\n",
                           opt.index, ix::meta_text(txn, meta, "corpus"), ix::meta_text(txn, meta, "generation"),
                           ix::meta_text(txn, meta, "format"), ix::meta_text(txn, meta, "documents"), chunks,
                           entries(txn, ix::kTermsDb), chunks ? double(total) / double(chunks) : 0.0,
                           ix::meta_text(txn, meta, "language"),
                           ix::meta_number(txn, meta, "stop_words").value_or(1) ? "yes" : "no", env.used_bytes()));
    return rag::kExitOk;
}

int list(const Options& opt, rag::Writer& out) {
    auto env = open_existing(opt.index);
    auto txn = env.read();
    auto docs = txn.db(ix::kDocsDb);
    if (!docs) return rag::kExitOk;
    txn.scan(*docs, "", [&](std::string_view id, std::string_view chunks) {
        out.append(fmt::format("{}\t{}\n", id, ix::decode_chunk_list(chunks).size()));
        if (out.pending() > (1u << 16)) out.flush();
        return true;
    });
    return rag::kExitOk;
}

void add_input_options(CLI::App* cmd, Options& opt) {
    cmd->add_option("inputs", opt.inputs, "files, directories, or - for standard input")->required();
    cmd->add_option("--corpus", opt.corpus, "corpus id the index serves (build: default 'default'; add: must match)")
        ->envname("RAG_CORPUS");
    cmd->add_option("--type", opt.load.type, "input type: auto (by extension or content), jsonl, text, markdown, html, man, pdf")
        ->check(CLI::IsMember({"auto", "jsonl", "text", "markdown", "html", "man", "pdf"}));
    cmd->add_option("--id-field", opt.load.id_field, "JSONL field holding the document id");
    cmd->add_option("--title-field", opt.load.title_field, "JSONL field holding the title");
    cmd->add_option("--text-field", opt.load.text_field, "JSONL field holding the text");
    cmd->add_option("--include", opt.load.include, "glob of files to take from directories (repeatable)");
    cmd->add_option("--exclude", opt.load.exclude, "glob of files to skip in directories (repeatable)");
    cmd->add_option("--chunk-words", opt.chunk.words, "passage length in words (documents up to 1.5 times stay whole)")
        ->check(CLI::Range(20, 100000));
    cmd->add_option("--overlap", opt.chunk.overlap, "words of whole sentences repeated between passages")
        ->check(CLI::Range(0, 10000));
}

}  // namespace

int main(int argc, char** argv) {
    rag::Tool tool{"rag-index", "Build and update a BM25 index (an LMDB directory) for rag-retrieve."};
    Options opt;
    auto& app = tool.app;
    app.require_subcommand(1);
    app.fallthrough();   // --index and --quiet also after the subcommand
    app.add_option("-i,--index", opt.index, "index directory")->envname("RAG_INDEX");
    app.add_flag("-q,--quiet", opt.quiet, "no progress and no summary on stderr");
    CLI::App* build = app.add_subcommand("build", "index the inputs afresh, replacing what the index held");
    add_input_options(build, opt);
    build->add_option("--language", opt.language, "Snowball stemmer language, or none")->envname("RAG_LANGUAGE");
    build->add_flag("--no-stop-words", opt.no_stop_words, "keep stop words");
    CLI::App* add = app.add_subcommand("add", "add or replace documents in place");
    add_input_options(add, opt);
    CLI::App* rm = app.add_subcommand("rm", "remove documents (ids, or a directory prefix) in place");
    rm->add_option("ids", opt.inputs, "document ids as 'rag-index ls' prints them")->required();
    app.add_subcommand("stats", "print the index's statistics");
    app.add_subcommand("ls", "list the documents and their chunk counts");
    return tool.run(argc, argv, [&](rag::Writer& out) {
        if (*build) return index_inputs(opt, true);
        if (*add) return index_inputs(opt, false);
        if (*rm) return remove_docs(opt);
        if (app.got_subcommand("stats")) return stats(opt, out);
        return list(opt, out);
    });
}
