// SPDX-License-Identifier: MIT
// rag-index: builds and updates a BM25 index (an LMDB environment) from
// JSONL, text, Markdown, HTML and PDF files, directories and stdin, with
// passage vectors from an embedding server when asked (--embed).
#include <unistd.h>

#include <array>
#include <optional>
#include <cstdio>

#include "lib/core/event.h"
#include "lib/core/tool.h"
#include "lib/core/xdg.h"
#include "lib/embed/embedder.h"
#include "lib/index/formats.h"
#include "lib/index/info.h"
#include "lib/index/staging.h"
#include "lib/index/stats.h"
#include "lib/index/writer.h"

namespace {

namespace ix = rag::index;

struct Options {
    std::string index = rag::default_index_path();
    std::string corpus;
    std::string language = "english";
    bool no_stop_words = false;
    ix::ChunkOptions chunk;
    std::string type = "auto";
    ix::JsonlFields fields;
    ix::InputFilter filter;
    std::vector<std::string> inputs;
    bool quiet = false;
    unsigned jobs = 0;  // analysing threads; 0: one per core
    std::string embed;  // "ollama:MODEL"; empty: the index's own model, if any
    std::string embed_url;
    bool quantize = false;
    size_t embed_batch = 32, embed_parallel = 4;
    bool check = false;  // stats --check
    std::optional<size_t> hnsw_min;
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

private:
    bool on_;
    uintmax_t total_;
    size_t docs_ = 0;
    uintmax_t bytes_ = 0;
    double start_ = rag::monotonic_ms(), last_ = 0;
};

// What the inputs gave besides documents: files skipped, by reason, and faults
// of named inputs or JSONL lines (which make the exit status 65).
struct Ingested {
    std::array<size_t, 4> skipped{};
    size_t faults = 0;

    std::string skipped_text() const {
        std::string out;
        for (auto r :
             {ix::SkipReason::unreadable, ix::SkipReason::binary, ix::SkipReason::empty, ix::SkipReason::malformed})
            if (size_t n = skipped[static_cast<size_t>(r)])
                out += fmt::format("{}{} {}", out.empty() ? "" : ", ", n, ix::skip_reason_name(r));
        return out.empty() ? "none" : out;
    }
};

ix::InputList find_inputs(const Options& opt) {
    try {
        ix::InputList list = ix::find_inputs(opt.inputs, opt.filter, *ix::parse_input_type(opt.type));
        for (const std::string& glob : list.unmatched) rag::warnf("pattern '{}' matched no file", glob);
        return list;
    } catch (const ix::LoadError& e) {
        throw rag::Fatal(rag::kExitNoInput, e.what());
    }
}

// Loads every file into `writer`. A file a walk found that is binary or empty
// is only counted; anything else skipped is also reported.
Ingested ingest(const std::vector<ix::InputFile>& files, const Options& opt, ix::IndexWriter& writer) {
    uintmax_t total = 0;
    for (const auto& f : files) total += f.size;
    Progress progress(!opt.quiet, total);
    Ingested in;
    auto warn_line = [&](const std::string& msg) {
        rag::warn(msg);
        ++in.faults;
    };
    for (const auto& f : files) {
        try {
            ix::load_file(
                f, opt.fields,
                [&](ix::Document&& d) {
                    size_t bytes = d.title.size() + d.text.size();
                    std::string id = d.id;
                    if (!writer.add(std::move(d)))
                        rag::warnf("{}: duplicate document id '{}' (the first is kept)", f.path, id);
                    progress.tick(bytes);
                },
                warn_line);
        } catch (const ix::LoadError& e) {
            ++in.skipped[static_cast<size_t>(e.reason)];
            bool expected = e.reason == ix::SkipReason::binary || e.reason == ix::SkipReason::empty;
            if (f.named || !expected) rag::warn(e.what());
            if (f.named) ++in.faults;
        }
    }
    progress.done();
    return in;
}

void report(const Options& opt, std::string_view verb, const ix::CommitSummary& s, const Ingested& in, double seconds,
            const std::string& corpus) {
    if (opt.quiet) return;
    rag::warnf(
        "{}: {} documents ({} passages) in {:.2f} s; skipped files: {}; index '{}' corpus '{}' now {} documents, "
        "{} passages, generation {}",
        verb, s.documents_added, s.chunks_added, seconds, in.skipped_text(), opt.index, corpus, s.documents, s.chunks,
        s.generation);
}

ix::WriterOptions writer_options(const Options& opt, bool rebuild, const ix::InputList& inputs) {
    uintmax_t total = 0;
    for (const auto& f : inputs.files) total += f.size;
    return {.rebuild = rebuild,
            .corpus = opt.corpus,
            .analyzer = {.language = opt.language, .stop_words = !opt.no_stop_words},
            .chunk = opt.chunk,
            .expected_bytes = total,
            .threads = opt.jobs,
            .previous_index = {}};
}

// The generation of the index a build replaces (0 when there is none), so that
// answer caches keyed on it never serve an answer from the old one.
uint64_t previous_generation(const std::string& dir) {
    try {
        return rag::read_index_info(dir).generation;
    } catch (const std::exception&) {
        return 0;
    }
}

// Embedding progress on stderr (a terminal only), like Progress above.
class EmbedProgress {
public:
    explicit EmbedProgress(bool on) : on_(on && isatty(2)) {}
    void operator()(size_t done, size_t total) {
        double now = rag::monotonic_ms();
        if (!on_ || (now - last_ < 250 && done < total)) return;
        last_ = now;
        std::fprintf(stderr, "\r%s: embedded %zu of %zu passages  %.0f passages/s   ", rag::program_name().c_str(), done,
                     total, done / ((now - start_) / 1000));
    }
    void done() {
        if (on_ && last_ > 0) std::fprintf(stderr, "\r\033[K");
    }

private:
    bool on_;
    double start_ = rag::monotonic_ms(), last_ = 0;
};

rag::embed::EmbedSpec embed_spec(const Options& opt, const ix::IndexWriter& writer) {
    const std::string& held = writer.vector_settings().model;
    std::string wanted = opt.embed.empty() ? held : opt.embed;
    rag::embed::EmbedSpec spec;
    try {
        spec = rag::embed::parse_embed_spec(wanted, opt.embed_url);
    } catch (const std::invalid_argument& e) {
        throw rag::Fatal(rag::kExitUsage, e.what());
    }
    if (!held.empty() && spec.name() != held)
        throw rag::Fatal(rag::kExitUsage,
                         fmt::format("index '{}' holds vectors of '{}', not '{}' (use 'rag-index build --embed {}' "
                                     "to change the model)",
                                     opt.index, held, spec.name(), spec.name()));
    return spec;
}

// Fetches the vectors the writer lacks (none for a BM25-only index and no
// --embed). Returns false when the server failed: the caller commits the
// passages without them and says so.
bool embed_passages(const Options& opt, ix::IndexWriter& writer) {
    if (opt.embed.empty() && writer.vector_settings().model.empty()) return true;
    rag::embed::EmbedSpec spec = embed_spec(opt, writer);
    if (writer.vector_settings().model.empty()) writer.set_vector_model(spec.name(), opt.quantize);
    if (opt.hnsw_min) writer.set_hnsw_min(*opt.hnsw_min);
    double start = rag::monotonic_ms();
    std::vector<ix::PassageText> need = writer.passages_to_embed();
    if (need.empty()) return true;
    std::vector<std::string_view> texts;
    for (const auto& p : need) texts.push_back(p.text);
    rag::embed::Embedder embedder(spec, {.batch = opt.embed_batch, .in_flight = opt.embed_parallel});
    EmbedProgress progress(!opt.quiet);
    try {
        writer.add_vectors(need, embedder.embed(texts, std::ref(progress)));
    } catch (const std::exception& e) {  // EmbedError, or a dimension that is not the index's
        progress.done();
        rag::warnf("embedding failed: {}", e.what());
        return false;
    }
    progress.done();
    double s = (rag::monotonic_ms() - start) / 1000;
    if (!opt.quiet)
        rag::warnf("embed: {} passages with {} in {:.2f} s ({:.0f} passages/s, {} requests)", need.size(),
                   spec.name(), s, need.size() / std::max(s, 1e-3), embedder.requests());
    return true;
}

int embed_failed(const Options& opt, std::string_view verb) {
    rag::warnf("{}: index '{}' holds the new passages without vectors; run the command again when the embedding "
               "server is up (vectors already made are kept)",
               verb, opt.index);
    return rag::kExitUnavailable;
}

int build_index(const Options& opt) {
    double start = rag::monotonic_ms();
    ix::InputList inputs = find_inputs(opt);
    ix::StagedIndex staged(opt.index);
    ix::WriterOptions wo = writer_options(opt, true, inputs);
    wo.previous_generation = previous_generation(opt.index);
    wo.previous_index = opt.index;
    ix::CommitSummary summary;
    bool embedded = true;
    Ingested in;
    std::string corpus;
    {
        ix::IndexWriter writer(staged.path(), wo);
        in = ingest(inputs.files, opt, writer);
        if (writer.pending_documents() == 0)
            throw rag::Fatal(rag::kExitDataErr,
                             fmt::format("no documents in the inputs (skipped files: {}); index '{}' left as it was",
                                         in.skipped_text(), opt.index));
        embedded = embed_passages(opt, writer);
        summary = writer.commit();
        corpus = writer.corpus();
    }
    staged.publish();
    report(opt, "build", summary, in, (rag::monotonic_ms() - start) / 1000, corpus);
    if (!embedded) return embed_failed(opt, "build");
    return in.faults ? rag::kExitDataErr : rag::kExitOk;
}

int add_docs(const Options& opt) {
    double start = rag::monotonic_ms();
    ix::InputList inputs = find_inputs(opt);
    ix::IndexWriter writer(opt.index, writer_options(opt, false, inputs));
    Ingested in = ingest(inputs.files, opt, writer);
    bool embedded = embed_passages(opt, writer);
    ix::CommitSummary summary = writer.commit();
    report(opt, "add", summary, in, (rag::monotonic_ms() - start) / 1000, writer.corpus());
    if (!embedded) return embed_failed(opt, "add");
    return in.faults ? rag::kExitDataErr : rag::kExitOk;
}

int remove_docs(const Options& opt) {
    rag::read_index_info(opt.index);  // exit 66 for a missing index; never create one
    ix::IndexWriter writer(opt.index, {});
    size_t failed = 0;
    for (const std::string& id : opt.inputs)
        if (writer.remove(id) == 0) {
            rag::warnf("no document '{}' in index '{}'", id, opt.index);
            ++failed;
        }
    ix::CommitSummary s = writer.commit();
    if (!opt.quiet)
        rag::warnf("rm: {} documents removed; index '{}' now {} documents, {} passages, generation {}",
                   s.documents_removed, opt.index, s.documents, s.chunks, s.generation);
    return failed ? rag::kExitDataErr : rag::kExitOk;
}

int stats(const Options& opt, rag::Writer& out) {
    ix::IndexStats s = ix::read_index_stats(opt.index);
    out.append(
        fmt::format("index\t{}\ncorpus\t{}\ngeneration\t{}\nformat\t{}\ndocuments\t{}\nchunks\t{}\nterms\t{}\n"
                    "avg_chunk_terms\t{:.1f}\nlanguage\t{}\nstop_words\t{}\nsize_bytes\t{}\n",
                    opt.index, s.info.corpus_id, s.info.generation, s.format, s.info.documents, s.info.chunks, s.terms,
                    s.avg_chunk_terms, s.language, s.stop_words ? "yes" : "no", s.size_bytes));
    const ix::VectorStats& v = s.vectors;
    if (!v.settings.model.empty())
        out.append(fmt::format("embed_model\t{}\nembed_dim\t{}\nembed_quantized\t{}\nvectors\t{}\nvector_bytes\t{}\n",
                               v.settings.model, v.settings.dim, v.settings.quantized ? "yes" : "no", v.passages,
                               v.bytes));
    if (!v.settings.model.empty())
        out.append(fmt::format("hnsw\t{}\n", v.graph_bytes ? fmt::format("{} bytes", v.graph_bytes) : "none (exact search)"));
    if (opt.check && v.graph_bytes) out.append(fmt::format("hnsw_recall_at_10\t{:.4f}\n", *ix::graph_recall(opt.index)));
    return rag::kExitOk;
}

int list(const Options& opt, rag::Writer& out) {
    ix::list_documents(opt.index, [&](std::string_view id, size_t chunks) {
        out.append(fmt::format("{}\t{}\n", id, chunks));
        if (out.pending() > (1u << 16)) out.flush();
        return true;
    });
    return rag::kExitOk;
}

// Every option takes exactly one value (repeat it for more), so that an
// option never swallows the inputs that follow it.
CLI::Option* one_value(CLI::Option* o) { return o->allow_extra_args(false); }

void add_input_options(CLI::App* cmd, Options& opt) {
    cmd->add_option("inputs", opt.inputs, "files, directories, or - for standard input")->required();
    one_value(cmd->add_option("--corpus", opt.corpus,
                              "corpus id the index serves (build: default 'default'; add: must match)"))
        ->envname("RAG_CORPUS");
    one_value(cmd->add_option("--type", opt.type,
                              "input type: auto (by name, then content), jsonl, text, markdown, html, man, pdf"))
        ->check(CLI::IsMember({"auto", "jsonl", "text", "markdown", "html", "man", "pdf"}));
    one_value(cmd->add_option("--id-field", opt.fields.id, "JSONL field holding the document id"));
    one_value(cmd->add_option("--title-field", opt.fields.title, "JSONL field holding the title"));
    one_value(cmd->add_option("--text-field", opt.fields.text, "JSONL field holding the text"));
    one_value(
        cmd->add_option("--include", opt.filter.include, "glob of files to take from directories (repeat for more)"));
    one_value(
        cmd->add_option("--exclude", opt.filter.exclude, "glob of files to skip in directories (repeat for more)"));
    one_value(cmd->add_option("--chunk-words", opt.chunk.words,
                              "passage length in words (documents up to 1.5 times stay whole)"))
        ->check(CLI::Range(20, 100000));
    one_value(cmd->add_option("--overlap", opt.chunk.overlap, "words of whole sentences repeated between passages"))
        ->check(CLI::Range(0, 10000));
    one_value(cmd->add_option("-j,--jobs", opt.jobs, "threads that analyse documents (0: one per core)"))
        ->check(CLI::Range(0u, 1024u))
        ->capture_default_str();
    one_value(cmd->add_option("--embed", opt.embed,
                              "also store a vector per passage from this model: ollama:MODEL or openai:MODEL "
                              "(add: default the index's own)"));
    one_value(cmd->add_option("--embed-url", opt.embed_url,
                              "embedding server's base URL (default $OLLAMA_HOST or $OPENAI_BASE_URL)"))
        ->envname("RAG_EMBED_URL");
    one_value(cmd->add_option("--embed-batch", opt.embed_batch, "passages per embedding request"))
        ->check(CLI::Range(1, 4096))
        ->capture_default_str();
    one_value(cmd->add_option("--embed-parallel", opt.embed_parallel, "embedding requests in flight at once"))
        ->check(CLI::Range(1, 64))
        ->capture_default_str();
    cmd->add_flag("--quantize", opt.quantize, "store vectors as int8 with a scale (a quarter of the space)");
    one_value(cmd->add_option("--hnsw-min", opt.hnsw_min,
                              "build an HNSW graph when the index holds this many vectors (default 20000; "
                              "add: the index's own)"));
}

}  // namespace

int main(int argc, char** argv) {
    rag::Tool tool{"rag-index", "Build and update a BM25 index (an LMDB directory) for rag-retrieve."};
    Options opt;
    auto& app = tool.app;
    app.require_subcommand(1);
    app.fallthrough();  // --index and --quiet also after the subcommand
    one_value(app.add_option("-i,--index", opt.index, "index directory"))->envname("RAG_INDEX");
    app.add_flag("-q,--quiet", opt.quiet, "no progress and no summary on stderr");
    CLI::App* build =
        app.add_subcommand("build", "index the inputs afresh into a new index, swapped in when it holds documents");
    add_input_options(build, opt);
    one_value(build->add_option("--language", opt.language, "Snowball stemmer language, or none"))
        ->envname("RAG_LANGUAGE");
    build->add_flag("--no-stop-words", opt.no_stop_words, "keep stop words");
    CLI::App* add = app.add_subcommand("add", "add or replace documents in place");
    add_input_options(add, opt);
    CLI::App* rm = app.add_subcommand("rm", "remove documents (ids, or a directory prefix) in place");
    rm->add_option("ids", opt.inputs, "document ids as 'rag-index ls' prints them")->required();
    CLI::App* stats_cmd = app.add_subcommand("stats", "print the index's statistics");
    stats_cmd->add_flag("--check", opt.check, "also measure the HNSW graph's recall@10 against exact search");
    app.add_subcommand("ls", "list the documents and their chunk counts");
    return tool.run(argc, argv, [&](rag::Writer& out) {
        if (*build) return build_index(opt);
        if (*add) return add_docs(opt);
        if (*rm) return remove_docs(opt);
        if (app.got_subcommand("stats")) return stats(opt, out);
        return list(opt, out);
    });
}
