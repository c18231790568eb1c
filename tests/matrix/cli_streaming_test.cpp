// SPDX-License-Identifier: MIT
// Streaming conversion (BibTeX or CSL-JSON -> CSL-JSON or CSL-YAML to a file): the same output
// and diagnostics as the whole-bibliography path (--no-stream), and the same care for the
// output file on failure.
#include "common/run.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

using bibport::testing::quote;
using bibport::testing::run;
using bibport::testing::RunResult;
using bibport::testing::slurp;
using bibport::testing::spit;
using bibport::testing::TempDir;

namespace fs = std::filesystem;

namespace {

std::string convert(const fs::path& in, const fs::path& out, const std::string& extra = "",
                    const std::string& to = "csljson") {
    return std::string(BIBPORT_BIN) + " convert -v " + extra + " -t " + to + " -o " + quote(out.string()) + " " +
           quote(in.string());
}

bool streamed(const RunResult& r) { return r.err.find("records were streamed") != std::string::npos; }

/// The diagnostics (stderr lines without the verbose ones), sorted: streaming reports the
/// document-level losses after the records instead of before.
std::vector<std::string> diagnostic_lines(const std::string& err) {
    std::vector<std::string> lines;
    std::istringstream in(err);
    for (std::string line; std::getline(in, line);)
        if (line.find("bibport: searched") == std::string::npos && line.find("streamed") == std::string::npos)
            lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    return lines;
}

/// Files left in `dir` besides `keep` (a temporary output file would show up here).
std::vector<std::string> others(const fs::path& dir, const std::string& keep) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().filename() != keep) names.push_back(e.path().filename().string());
    return names;
}

}  // namespace

/// 3 000 entries (a dozen batches): @string, crossref and xdata parents in other batches,
/// broken entries, duplicate keys and a document-level @preamble.
std::string generated_bib() {
    std::string bib = "@preamble{\"\\newcommand{\\noop}[1]{}\"}\n@string{jmlr = \"Journal of Machine Learning Research\"}\n";
    for (int i = 0; i < 3000; ++i) {
        std::string n = std::to_string(i);
        if (i % 500 == 7) {
            bib += "@article{broken" + n + ", title={Unclosed, year=2020\n\n";
            continue;
        }
        if (i % 700 == 3) bib += "@xdata{bag" + n + ", publisher={Bag Press}}\n";
        bib += "@inproceedings{key" + std::to_string(i % 1000 == 999 ? 0 : i) + ",\n  author={M{\\\"u}ller, J. and van der Berg, A.},\n"
               "  title={On {BERT} and \\emph{Attention} " + n + "},\n  year=" + std::to_string(1990 + i % 30) + ",\n" +
               (i % 3 == 0 ? "  journal=jmlr,\n" : "") + (i % 11 == 0 ? "  crossref={proc" + std::to_string(i / 11 % 5) + "},\n" : "") +
               (i % 700 == 4 ? "  xdata={bag" + std::to_string(i - 1) + "},\n" : "") + "  pages={1--" + n + "}\n}\n";
    }
    for (int p = 0; p < 5; ++p)
        bib += "@proceedings{proc" + std::to_string(p) + ", title={Proceedings " + std::to_string(p) +
               "}, booktitle={Proceedings " + std::to_string(p) + "}, year=2001}\n";
    return bib;
}

/// A streamed run and the same conversion with --no-stream: the same status, diagnostics and
/// standard output.
void expect_same_runs(const RunResult& stream, const RunResult& whole, const std::string& what) {
    EXPECT_TRUE(streamed(stream)) << what << "\n" << stream.err;
    EXPECT_FALSE(streamed(whole)) << what;
    EXPECT_EQ(stream.status, whole.status) << what << "\n" << stream.err;
    EXPECT_EQ(diagnostic_lines(stream.err), diagnostic_lines(whole.err)) << what;
    EXPECT_EQ(stream.out, whole.out) << what;
}

/// Converts `in` streaming and whole; both must give the same bytes, status and diagnostics.
void expect_same_both_ways(const fs::path& in, const fs::path& dir, const std::string& to,
                           const std::string& extra = "") {
    const fs::path stream = dir / "stream.out", whole = dir / "whole.out";
    expect_same_runs(run(convert(in, stream, extra, to)), run(convert(in, whole, extra + " --no-stream", to)),
                     in.string() + " " + to);
    ASSERT_EQ(fs::exists(stream), fs::exists(whole)) << in << " " << to;
    if (fs::exists(whole)) {
        EXPECT_EQ(slurp(stream), slurp(whole)) << in << " " << to;
        fs::remove(stream);
        fs::remove(whole);
    }
}

TEST(CliStreaming, SameOutputAndDiagnosticsAsTheWholePath) {
    TempDir tmp;
    spit(tmp / "generated.bib", generated_bib());
    std::vector<fs::path> inputs{tmp / "generated.bib", fs::path(BIBPORT_SOURCE_DIR) / "samples/bibtex/sample.bib"};
    for (const auto& e : fs::directory_iterator(fs::path(BIBPORT_SHARED_DIR) / "corpus/bibtex"))
        if (e.path().extension() == ".bib") inputs.push_back(e.path());
    ASSERT_GE(inputs.size(), 8u);
    for (const auto& in : inputs) expect_same_both_ways(in, tmp.path(), "csljson");
}

TEST(CliStreaming, CslYamlStreamsTheSameTextWithAndWithoutTheReferencesWrapper) {
    TempDir tmp;
    spit(tmp / "generated.bib", generated_bib());
    const fs::path sample = fs::path(BIBPORT_SOURCE_DIR) / "samples/bibtex/sample.bib";
    // CSL-JSON streams in too: the generated file's records as CSL-JSON.
    ASSERT_EQ(run(convert(tmp / "generated.bib", tmp / "generated.json")).status, 1);   // it has broken entries
    for (const auto& in : {tmp / "generated.bib", sample, tmp / "generated.json"}) {
        expect_same_both_ways(in, tmp.path(), "cslyaml");
        expect_same_both_ways(in, tmp.path(), "cslyaml", "--option references=true");
    }
    auto r = run(convert(sample, tmp / "refs.yaml", "--option references=true", "cslyaml"));
    ASSERT_EQ(r.status, 0) << r.err;
    const std::string yaml = slurp(tmp / "refs.yaml");
    EXPECT_TRUE(yaml.starts_with("---\nreferences:\n- id: ")) << yaml.substr(0, 80);
    EXPECT_TRUE(yaml.ends_with("\n...\n"));
}

TEST(CliStreaming, GeneratedFileKeepsEveryRecordInOrder) {
    TempDir tmp;
    spit(tmp / "generated.bib", generated_bib());
    auto r = run(convert(tmp / "generated.bib", tmp / "out.json"));
    EXPECT_TRUE(streamed(r)) << r.err;
    EXPECT_EQ(r.status, 1) << r.err;   // the broken entries are errors
    std::string out = slurp(tmp / "out.json");
    // 3000 entries - 6 broken + 5 proceedings; the xdata bags are not works.
    std::size_t items = 0;
    for (std::size_t at = out.find("\n  {"); at != std::string::npos; at = out.find("\n  {", at + 1)) ++items;
    EXPECT_EQ(items, 3000u - 6u + 5u);
    std::size_t previous = 0;
    for (int i : {0, 1, 8, 999, 1500, 2999}) {
        std::size_t at = out.find("Attention</i> " + std::to_string(i) + "\"");
        ASSERT_NE(at, std::string::npos) << i;
        EXPECT_GT(at, previous) << i;
        previous = at;
    }
    EXPECT_NE(out.find("\"id\": \"key0-2\""), std::string::npos);   // the duplicate key, made unique
    EXPECT_NE(out.find("\"container-title\": \"Journal of Machine Learning Research\""), std::string::npos);
    for (int broken : {7, 507, 1007, 2507})
        EXPECT_NE(r.err.find("[broken" + std::to_string(broken) + "]"), std::string::npos) << broken;
}

TEST(CliStreaming, GoodRecordsAroundABadOneStillConvert) {
    TempDir tmp;
    spit(tmp / "in.bib",
         "@article{a, title={First}, year=2020}\n"
         "@article{b, title={Broken, year=2021}\n\n"
         "@article{c, title={Third}, year=2022}\n");
    auto r = run(convert(tmp / "in.bib", tmp / "out.json"));
    EXPECT_TRUE(streamed(r)) << r.err;
    EXPECT_EQ(r.status, 1) << r.err;   // an error was reported, the rest converted
    EXPECT_NE(r.err.find("in.bib:4:1: error: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("[b]"), std::string::npos) << r.err;
    std::string out = slurp(tmp / "out.json");
    EXPECT_NE(out.find("\"title\": \"First\""), std::string::npos) << out;
    EXPECT_NE(out.find("\"title\": \"Third\""), std::string::npos) << out;
    EXPECT_EQ(others(tmp.path(), "out.json"), std::vector<std::string>{"in.bib"});
}

TEST(CliStreaming, NothingReadableLeavesTheOldOutputAlone) {
    TempDir tmp;
    spit(tmp / "out.json", "old\n");
    spit(tmp / "empty.bib", "% only a comment\n");
    spit(tmp / "broken.bib", "@article{b, title={Broken, year=2021\n");
    for (const char* in : {"empty.bib", "broken.bib"}) {
        auto r = run(convert(tmp / in, tmp / "out.json", "-f bibtex"));
        EXPECT_TRUE(streamed(r)) << r.err;
        EXPECT_EQ(r.status, 1) << in;
        EXPECT_NE(r.err.find("nothing written"), std::string::npos) << r.err;
        EXPECT_EQ(slurp(tmp / "out.json"), "old\n") << in;
    }
    auto left = others(tmp.path(), "out.json");
    std::sort(left.begin(), left.end());
    EXPECT_EQ(left, (std::vector<std::string>{"broken.bib", "empty.bib"}));   // no temporary file left
}

TEST(CliStreaming, StrictFailsOnAWarningWithoutTouchingTheOutput) {
    TempDir tmp;
    spit(tmp / "out.json", "old\n");
    // A duplicate key is a warning; --strict turns it into a failure.
    spit(tmp / "in.bib", "@article{a, title={One}, year=2020}\n@article{a, title={Two}, year=2021}\n");
    auto r = run(convert(tmp / "in.bib", tmp / "out.json", "--strict"));
    EXPECT_TRUE(streamed(r)) << r.err;
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_EQ(slurp(tmp / "out.json"), "old\n");
    auto ok = run(convert(tmp / "in.bib", tmp / "out.json"));
    EXPECT_EQ(ok.status, 0) << ok.err;
    EXPECT_NE(slurp(tmp / "out.json").find("\"id\": \"a-2\""), std::string::npos);
}

TEST(CliStreaming, OnlyWhenNothingNeedsTheWholeBibliography) {
    TempDir tmp;
    spit(tmp / "in.bib", "@article{a, title={One}, year=2020}\n");
    spit(tmp / "two.bib", "@article{b, title={Two}, year=2021}\n");
    EXPECT_FALSE(streamed(run(convert(tmp / "in.bib", tmp / "d.json", "--dedupe"))));
    EXPECT_FALSE(streamed(run(std::string(BIBPORT_BIN) + " convert -v -t csljson -o " + quote((tmp / "m.json").string()) +
                              " " + quote((tmp / "in.bib").string()) + " " + quote((tmp / "two.bib").string()))));
    // A writer that cannot stream (BibTeX) gets the whole bibliography.
    auto bib = run(std::string(BIBPORT_BIN) + " convert -v -t bibtex -o " + quote((tmp / "o.bib").string()) + " " +
                   quote((tmp / "in.bib").string()));
    EXPECT_EQ(bib.status, 0) << bib.err;
    EXPECT_FALSE(streamed(bib));
}

// Standard output streams through an unnamed temporary file, copied out once everything has
// succeeded: the same bytes and diagnostics as the whole path, nothing at all when the
// conversion fails, and no file left in the temporary folder.
std::string to_stdout(const fs::path& in, const fs::path& tmpdir, const std::string& to, const std::string& extra = "") {
    return "TMPDIR=" + quote(tmpdir.string()) + " " + std::string(BIBPORT_BIN) + " convert -v " + extra + " -t " + to +
           " " + quote(in.string());
}

TEST(CliStreaming, StandardOutputGetsTheSameBytesAsTheWholePath) {
    TempDir tmp, spool_dir;
    spit(tmp / "generated.bib", generated_bib());
    for (const auto& in : {tmp / "generated.bib", fs::path(BIBPORT_SOURCE_DIR) / "samples/bibtex/sample.bib"}) {
        for (std::string to : {"csljson", "cslyaml"}) {
            auto a = run(to_stdout(in, spool_dir.path(), to));
            expect_same_runs(a, run(to_stdout(in, spool_dir.path(), to, "--no-stream")), in.string() + " " + to);
            EXPECT_GT(a.out.size(), 1000u) << in << " " << to;
        }
    }
    EXPECT_TRUE(fs::is_empty(spool_dir.path()));
}

// Standard input is read whole, as always, and then streams like a file (no input, or "-").
TEST(CliStreaming, StandardInputStreamsLikeAFile) {
    TempDir tmp, spool_dir;
    spit(tmp / "generated.bib", generated_bib());
    const std::string bin = "TMPDIR=" + quote(spool_dir.path().string()) + " " + std::string(BIBPORT_BIN);
    const std::vector<std::string> commands{" convert -v -f bibtex -t csljson -", " convert -v -f bibtex -t cslyaml",
                                            " convert -v -t csljson -o " + quote((tmp / "from-stdin.json").string())};
    for (const auto& args : commands) {
        auto a = run(bin + args, (tmp / "generated.bib").string());
        expect_same_runs(a, run(bin + args + " --no-stream", (tmp / "generated.bib").string()), args);
        EXPECT_NE(a.err.find("<stdin>:"), std::string::npos) << args;   // the broken entries, named so
    }
    EXPECT_NE(slurp(tmp / "from-stdin.json").find("Attention</i> 2999"), std::string::npos);
    EXPECT_EQ(slurp(tmp / "from-stdin.json"),
              run(std::string(BIBPORT_BIN) + " convert -t csljson " + quote((tmp / "generated.bib").string())).out);
    EXPECT_TRUE(fs::is_empty(spool_dir.path()));
}

TEST(CliStreaming, StandardOutputGetsNothingWhenTheConversionFails) {
    TempDir tmp, spool_dir;
    spit(tmp / "broken.bib", "@article{b, title={Broken, year=2021\n");
    spit(tmp / "warned.bib", "@article{a, title={One}, year=2020}\n@article{a, title={Two}, year=2021}\n");
    auto broken = run(to_stdout(tmp / "broken.bib", spool_dir.path(), "csljson"));
    EXPECT_TRUE(streamed(broken)) << broken.err;
    EXPECT_EQ(broken.status, 1);
    EXPECT_EQ(broken.out, "");
    EXPECT_NE(broken.err.find("nothing written"), std::string::npos) << broken.err;
    auto strict = run(to_stdout(tmp / "warned.bib", spool_dir.path(), "csljson", "--strict"));
    EXPECT_TRUE(streamed(strict)) << strict.err;
    EXPECT_EQ(strict.status, 1);
    EXPECT_EQ(strict.out, "");   // the records went to the temporary file; none of them shows
    EXPECT_TRUE(fs::is_empty(spool_dir.path()));
}

TEST(CliStreaming, AnOutputThatCannotBeCreatedIsAnError) {
    TempDir tmp;
    spit(tmp / "in.bib", "@article{a, title={One}, year=2020}\n");
    auto r = run(convert(tmp / "in.bib", tmp / "missing-folder" / "out.json"));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("error: cannot create a file in"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp / "missing-folder"));
}

TEST(CliStreaming, LargeFilesReadAsFromStandardInputWhateverTheirSize) {
    // A large input file is mapped rather than read, unless its size is a whole number of pages;
    // a byte-order mark is skipped in place and bad bytes make an owned, repaired copy. Each
    // way must give the records that reading the same bytes from standard input gives. --sync
    // changes when the file is committed, not what it holds.
    TempDir tmp;
    const std::string bib = generated_bib();
    ASSERT_GT(bib.size(), std::size_t(1) << 18);   // mapped from 256 KiB on
    std::string page_multiple = bib;
    page_multiple.append(4096 - page_multiple.size() % 4096, '\n');
    std::string bad = bib;
    const std::size_t at = bib.find("Attention} 1500");
    ASSERT_NE(at, std::string::npos);
    bad[at] = '\xFF';
    std::string bom = "\xEF\xBB\xBF";
    bom += bib;
    const std::vector<std::pair<std::string, std::string>> variants{
        {"plain", bib}, {"pages", page_multiple}, {"bom", bom}, {"bad", bad}};
    for (const auto& [name, text] : variants) {
        spit(tmp / (name + ".bib"), text);
        auto from_file = run(convert(tmp / (name + ".bib"), tmp / (name + ".json"), "--sync"));
        auto from_stdin = run(std::string(BIBPORT_BIN) + " convert -f bibtex -t csljson -", (tmp / (name + ".bib")).string());
        EXPECT_EQ(from_file.status, from_stdin.status) << name << "\n" << from_file.err;
        EXPECT_EQ(slurp(tmp / (name + ".json")), from_stdin.out) << name;
        EXPECT_EQ(from_file.err.find("<stdin>"), std::string::npos);
        EXPECT_EQ(from_stdin.err.find(name + ".bib"), std::string::npos);
    }
    EXPECT_NE(slurp(tmp / "bad.json").find("\xEF\xBF\xBDttention</i> 1500"), std::string::npos);
    EXPECT_EQ(slurp(tmp / "bom.json"), slurp(tmp / "plain.json"));
}
