// SPDX-License-Identifier: MIT
// bibport_bench_formats: every in-tree reader and writer, timed in process on a large file.
//
//   bibport_bench_formats --source FILE.bib [--runs N] [--data-dir DIR] [--only ID,ID]
//
// The BibTeX source is read once; every writable format writes those records (its writer
// timing, MB/s of its own output), and its reader reads that output back (its reader timing,
// MB/s of its own input). The reader must return as many records as were written. The BibTeX
// reader is also timed on the source itself, the real-world file. One JSON object per line on
// standard output, so that bench.py can print the table; progress on standard error.
#include "bibtex_plugin.hpp"
#include "csl_formats.hpp"
#ifdef BIBPORT_BENCH_HAVE_CSV
#include "csv_plugin.hpp"
#endif
#ifdef BIBPORT_BENCH_HAVE_MARKDOWN
#include "markdown_plugin.hpp"
#endif
#ifdef BIBPORT_BENCH_HAVE_ZOTERO_RDF
#include "zotero_rdf_plugin.hpp"
#endif

#include <bibport/format.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

namespace {

using bibport::Bibliography;
using bibport::Context;
using bibport::FormatList;

struct Timing {
    double wall = 0;   // seconds, median
    double cpu = 0;    // process CPU seconds, median (both cores count when a plugin uses threads)
};

double now_wall() {
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

double now_cpu() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    std::size_t n = v.size();
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

// Runs `work` `runs` times; the result of the last run stays in `result`, which `work` assigns.
// The previous run's result is freed before the clock starts: a reader is timed reading, not
// destroying the records of the run before.
template <class Result, class F>
Timing time_runs(int runs, Result& result, F&& work) {
    std::vector<double> wall, cpu;
    for (int i = 0; i < runs; ++i) {
        result = Result{};
        double w0 = now_wall(), c0 = now_cpu();
        work();
        cpu.push_back(now_cpu() - c0);
        wall.push_back(now_wall() - w0);
    }
    return {median(wall), median(cpu)};
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string json_escape(std::string_view s) {
    std::string out;
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (static_cast<unsigned char>(c) < 0x20) { out += ' '; continue; }
        out += c;
    }
    return out;
}

void report(std::string_view format, std::string_view role, std::size_t bytes, const Timing& t,
            std::size_t records, std::size_t expected, std::size_t errors) {
    std::printf("{\"format\": \"%s\", \"role\": \"%s\", \"bytes\": %zu, \"wall\": %.6f, \"cpu\": %.6f, "
                "\"records\": %zu, \"expected\": %zu, \"errors\": %zu}\n",
                json_escape(format).c_str(), json_escape(role).c_str(), bytes, t.wall, t.cpu, records, expected,
                errors);
    std::fflush(stdout);
}

std::vector<std::string> split_ids(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == ',') {
            if (i > start) out.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    return out;
}

FormatList all_formats() {
    FormatList all;
    auto add = [&](FormatList list) {
        for (auto& f : list) all.push_back(std::move(f));
    };
    add(bibport::plugins::bibtex::make_formats());
    add(bibport::plugins::csl::make_formats());
#ifdef BIBPORT_BENCH_HAVE_CSV
    add(bibport::plugins::csv::make_formats());
#endif
#ifdef BIBPORT_BENCH_HAVE_MARKDOWN
    add(bibport::plugins::markdown::make_formats());
#endif
#ifdef BIBPORT_BENCH_HAVE_ZOTERO_RDF
    add(bibport::plugins::zotero_rdf::make_formats());
#endif
    return all;
}

}  // namespace

int main(int argc, char** argv) {
    std::string source, data_dir = BIBPORT_SOURCE_DIR "/formats", only, save_dir;
    int runs = 3;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) { std::fprintf(stderr, "missing value after %s\n", a.c_str()); std::exit(2); }
            return argv[++i];
        };
        if (a == "--source") source = next();
        else if (a == "--runs") runs = std::max(1, std::stoi(next()));
        else if (a == "--data-dir") data_dir = next();
        else if (a == "--only") only = next();
        else if (a == "--save-dir") save_dir = next();
        else {
            std::fprintf(stderr, "usage: %s --source FILE.bib [--runs N] [--data-dir DIR] [--only ID,ID] [--save-dir DIR]\n", argv[0]);
            return 2;
        }
    }
    if (source.empty()) { std::fprintf(stderr, "--source FILE.bib is required\n"); return 2; }
    const std::vector<std::string> wanted = split_ids(only);
    auto selected = [&](const std::string& id) {
        return wanted.empty() || std::find(wanted.begin(), wanted.end(), id) != wanted.end();
    };

    FormatList formats = all_formats();
    const bibport::Format* bibtex = nullptr;
    for (const auto& f : formats)
        if (f->info().id == "bibtex") bibtex = f.get();
    if (!bibtex) { std::fprintf(stderr, "no bibtex format\n"); return 1; }

    const std::string input = slurp(source);
    Context ctx{source, data_dir, {}};

    // The BibTeX reader on the real-world file; its records feed every writer.
    Bibliography records;
    std::size_t source_errors = 0;
    {
        auto reader = bibtex->make_reader();
        bibport::ReadResult result;
        Timing t = time_runs(runs, result, [&] { result = reader->read(input, ctx); });
        source_errors = result.diagnostics.count(bibport::Severity::error);
        records = std::move(result.bibliography);
        report("bibtex", "read-source", input.size(), t, records.records.size(), records.records.size(), source_errors);
    }
    const std::size_t expected = records.records.size();

    int status = 0;
    for (const auto& format : formats) {
        const bibport::FormatInfo& info = format->info();
        if (!info.can_write || !selected(info.id)) continue;
        std::fprintf(stderr, "  %s ...\n", info.id.c_str());
        Context out_ctx{"bench." + (info.extensions.empty() ? info.id : info.extensions.front()), data_dir, {}};
        auto writer = format->make_writer();
        bibport::WriteResult written;
        Timing wt = time_runs(runs, written, [&] { written = writer->write(records, out_ctx); });
        report(info.id, "write", written.text.size(), wt, expected, expected,
               written.diagnostics.count(bibport::Severity::error));
        if (written.failed) { status = 1; continue; }
        if (!save_dir.empty()) {
            std::ofstream(save_dir + "/bench." + info.id, std::ios::binary) << written.text;
        }
        if (!info.can_read) continue;
        auto reader = format->make_reader();
        bibport::ReadResult back;
        Context in_ctx{out_ctx.source_name, data_dir, {}};
        Timing rt = time_runs(runs, back, [&] { back = reader->read(written.text, in_ctx); });
        std::size_t got = back.bibliography.records.size();
        report(info.id, "read", written.text.size(), rt, got, expected, back.diagnostics.count(bibport::Severity::error));
        if (got != expected) status = 1;
    }
    return status;
}
