// SPDX-License-Identifier: MIT
// Google Benchmark micro-benchmarks of the hot paths, on real-world BibTeX from the shared
// corpus (or the file named by BIBPORT_BENCH_BIB): the BibTeX tokenizer and reader, LaTeX
// decoding, name parsing, CSL-JSON writing and Zotero RDF (XML) writing. Each reports bytes/s
// of its own input (or, for writers, of its output).
#include "bibtex_reader.hpp"
#include "bibtex_syntax.hpp"
#include "csl_formats.hpp"
#ifdef BIBPORT_BENCH_HAVE_ZOTERO_RDF
#include "zotero_rdf_writer.hpp"
#endif

#include <bibport/latex.hpp>
#include <bibport/names.hpp>
#include <bibport/text.hpp>

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

using namespace bibport;
namespace bt = bibport::plugins::bibtex;

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The input every benchmark uses, loaded once: macros first, then papers of three styles
/// (machine-learning proceedings, a biblatex test file, a bulk export).
const std::string& bib_text() {
    static const std::string text = [] {
        if (const char* path = std::getenv("BIBPORT_BENCH_BIB")) return slurp(path);
        const std::string dir = BIBPORT_SHARED_DIR "/corpus/bibtex/";
        std::string all;
        for (const char* f : {"biber-definitions.bib", "cmlbib-icml2020.bib", "biber-papers.bib",
                              "zbb-bulk-performance-test.bib", "beebe-tugboat.bib"})
            all += slurp(dir + f) + "\n";
        return all;
    }();
    return text;
}

Context context() { return Context{"bench.bib", BIBPORT_SOURCE_DIR "/formats", {}}; }

/// Every braced or quoted value of the file, as the reader would hand them to the decoder.
struct Values {
    std::vector<std::string_view> text;    ///< every text piece
    std::vector<std::string_view> names;   ///< author and editor values
    std::vector<std::string> name_parts;   ///< single decoded names (what parse_name gets)
    std::size_t text_bytes = 0, names_bytes = 0, name_part_bytes = 0;
};

const Values& values() {
    static const Values v = [] {
        Values out;
        Diagnostics d;
        static const bt::RawFile file = bt::parse_bibtex(bib_text(), d);
        for (const auto& e : file.entries) {
            for (const auto& f : e.fields) {
                std::string_view single;
                if (!bt::single_text(f, file, single)) continue;
                out.text.push_back(single);
                out.text_bytes += single.size();
                if (f.key() == "author" || f.key() == "editor") {
                    out.names.push_back(single);
                    out.names_bytes += single.size();
                    for (const Name& n : bt::read_names(single)) {
                        std::string inverted = names::format_inverted(n);
                        out.name_part_bytes += inverted.size();
                        out.name_parts.push_back(std::move(inverted));
                    }
                }
            }
        }
        return out;
    }();
    return v;
}

const Bibliography& records() {
    static const Bibliography bib = [] {
        bt::BibtexReader reader;
        return reader.read(bib_text(), context()).bibliography;
    }();
    return bib;
}

// --- BibTeX ----------------------------------------------------------------------------------

void BM_BibtexTokenize(benchmark::State& state) {
    const std::string& input = bib_text();
    for (auto _ : state) {
        Diagnostics d;
        bt::RawFile file = bt::parse_bibtex(input, d);
        benchmark::DoNotOptimize(file.entries.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
}
BENCHMARK(BM_BibtexTokenize)->Unit(benchmark::kMillisecond);

void BM_BibtexRead(benchmark::State& state) {
    const std::string& input = bib_text();
    bt::BibtexReader reader;
    const Context ctx = context();
    reader.read("@misc{warm, title={x}}", ctx);   // the crosswalk tables load once, not here
    for (auto _ : state) {
        ReadResult r = reader.read(input, ctx);
        benchmark::DoNotOptimize(r.bibliography.records.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * input.size()));
    state.counters["records"] = static_cast<double>(records().records.size());
}
BENCHMARK(BM_BibtexRead)->Unit(benchmark::kMillisecond);

// --- LaTeX -----------------------------------------------------------------------------------

void BM_LatexNeedsDecoding(benchmark::State& state) {
    const Values& v = values();
    for (auto _ : state) {
        std::size_t n = 0;
        for (std::string_view s : v.text) n += latex::needs_decoding(s);
        benchmark::DoNotOptimize(n);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * v.text_bytes));
}
BENCHMARK(BM_LatexNeedsDecoding)->Unit(benchmark::kMillisecond);

void BM_LatexToUnicode(benchmark::State& state) {
    const Values& v = values();
    latex::DecodeOptions options;
    options.nocase = state.range(0) != 0;   // 1: as for titles (case-protecting braces kept)
    for (auto _ : state) {
        for (std::string_view s : v.text) benchmark::DoNotOptimize(latex::to_unicode(s, options));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * v.text_bytes));
}
BENCHMARK(BM_LatexToUnicode)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_TextNfc(benchmark::State& state) {
    const Values& v = values();
    std::vector<std::string> decoded;
    std::size_t bytes = 0;
    for (std::string_view s : v.text) {
        decoded.push_back(latex::to_unicode(s));
        bytes += decoded.back().size();
    }
    for (auto _ : state) {
        for (const auto& s : decoded) benchmark::DoNotOptimize(text::nfc(s));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_TextNfc)->Unit(benchmark::kMillisecond);

// --- names -----------------------------------------------------------------------------------

void BM_ParseName(benchmark::State& state) {
    const Values& v = values();
    for (auto _ : state) {
        for (const auto& s : v.name_parts) benchmark::DoNotOptimize(names::parse_name(s));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * v.name_part_bytes));
    state.counters["names"] = static_cast<double>(v.name_parts.size());
}
BENCHMARK(BM_ParseName)->Unit(benchmark::kMillisecond);

void BM_BibtexReadNames(benchmark::State& state) {   // decode + split at "and" + parse
    const Values& v = values();
    for (auto _ : state) {
        for (std::string_view s : v.names) benchmark::DoNotOptimize(bt::read_names(s));
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * v.names_bytes));
}
BENCHMARK(BM_BibtexReadNames)->Unit(benchmark::kMillisecond);

// --- writers ---------------------------------------------------------------------------------

template <class WriterT>
void write_benchmark(benchmark::State& state, const char* name) {
    const Bibliography& bib = records();
    WriterT writer;
    const Context ctx{name, BIBPORT_SOURCE_DIR "/formats", {}};
    std::size_t bytes = 0;
    for (auto _ : state) {
        WriteResult w = writer.write(bib, ctx);
        bytes = w.text.size();
        benchmark::DoNotOptimize(w.text.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * bytes));
    state.counters["records"] = static_cast<double>(bib.records.size());
}

void BM_CslJsonWrite(benchmark::State& state) { write_benchmark<plugins::csl::CslJsonWriter>(state, "bench.json"); }
BENCHMARK(BM_CslJsonWrite)->Unit(benchmark::kMillisecond);

#ifdef BIBPORT_BENCH_HAVE_ZOTERO_RDF
void BM_ZoteroRdfWrite(benchmark::State& state) {
    write_benchmark<plugins::zotero_rdf::ZoteroRdfWriter>(state, "bench.rdf");
}
BENCHMARK(BM_ZoteroRdfWrite)->Unit(benchmark::kMillisecond);
#endif

}  // namespace

BENCHMARK_MAIN();
