// SPDX-License-Identifier: MIT
// The bibport program, run as a user runs it, with the "lines" fixture format.
#include "common/run.hpp"

#include <gtest/gtest.h>

using bibport::testing::quote;
using bibport::testing::run;
using bibport::testing::slurp;
using bibport::testing::spit;
using bibport::testing::TempDir;

namespace {

// Only the fixture folder: the real plugins are tested elsewhere.
std::string bibport_cmd(const std::string& args) {
    return std::string(BIBPORT_BIN) + " --plugin-dir " + quote(BIBPORT_FIXTURE_DIR) + " " + args;
}

}  // namespace

TEST(Cli, VersionAndHelp) {
    auto v = run(std::string(BIBPORT_BIN) + " --version");
    EXPECT_EQ(v.status, 0);
    EXPECT_EQ(v.out, "bibport 1.0.0 (plugin ABI 1, itanium/libstdc++)\n");
    auto h = run(std::string(BIBPORT_BIN) + " --help");
    EXPECT_EQ(h.status, 0);
    EXPECT_NE(h.out.find("bibport convert [-f FROM]"), std::string::npos);
    EXPECT_NE(h.out.find("Examples:"), std::string::npos);
    EXPECT_NE(h.out.find("Exit status: 0 success; 1 input problems"), std::string::npos);
}

TEST(Cli, ConvertsAFileToStdout) {
    TempDir dir;
    spit(dir / "in.lines", "alpha\nbeta\n");
    auto r = run(bibport_cmd("convert " + quote((dir / "in.lines").string()) + " -t lines --quiet"));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "alpha\nbeta\n");
    EXPECT_EQ(r.err, "");
}

TEST(Cli, ReadsStandardInputWithDashOrNoInput) {
    TempDir dir;
    spit(dir / "in", "LINES\none\n");
    auto a = run(bibport_cmd("convert - -t lines -q"), (dir / "in").string());
    EXPECT_EQ(a.status, 0) << a.err;
    EXPECT_EQ(a.out, "one\n");   // detected by content: no extension on stdin
    auto b = run(bibport_cmd("convert -f lines -t lines -q"), (dir / "in").string());
    EXPECT_EQ(b.out, "one\n");
}

TEST(Cli, MergesSeveralInputsInOrder) {
    TempDir dir;
    spit(dir / "a.lines", "a1\na2\n");
    spit(dir / "b.lines", "b1\n");
    auto r = run(bibport_cmd("convert " + quote((dir / "a.lines").string()) + " " + quote((dir / "b.lines").string()) +
                             " -t lines"));
    EXPECT_EQ(r.out, "a1\na2\nb1\n");
}

TEST(Cli, GlobalOptionsAreAcceptedBeforeOrAfterTheCommand) {
    TempDir dir;
    spit(dir / "in.lines", "x\n");
    std::string in = quote((dir / "in.lines").string());
    auto before = run(std::string(BIBPORT_BIN) + " --quiet --plugin-dir " + quote(BIBPORT_FIXTURE_DIR) +
                      " --strict convert " + in + " -t lines");
    auto after = run(std::string(BIBPORT_BIN) + " convert " + in + " -t lines --quiet --strict --plugin-dir " +
                     quote(BIBPORT_FIXTURE_DIR));
    EXPECT_EQ(before.status, 0) << before.err;
    EXPECT_EQ(after.status, 0) << after.err;
    EXPECT_EQ(before.out, "x\n");
    EXPECT_EQ(after.out, "x\n");
}

TEST(Cli, OutputFormatFromTheOutputExtension) {
    TempDir dir;
    spit(dir / "in.lines", "x\n");
    auto r = run(bibport_cmd("convert " + quote((dir / "in.lines").string()) + " -o " + quote((dir / "out.lines").string())));
    EXPECT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(slurp(dir / "out.lines"), "x\n");
}

TEST(Cli, UnknownFormatIsAUsageErrorListingValidIds) {
    TempDir dir;
    spit(dir / "in.lines", "x\n");
    auto r = run(bibport_cmd("convert " + quote((dir / "in.lines").string()) + " -t risx"));
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("unknown format 'risx'; known formats: lines"), std::string::npos) << r.err;
    auto f = run(bibport_cmd("convert -f nope -t lines " + quote((dir / "in.lines").string())));
    EXPECT_EQ(f.status, 2);
    EXPECT_NE(f.err.find("unknown format 'nope'"), std::string::npos);
}

TEST(Cli, UnknownOptionsAndCommandsAreUsageErrors) {
    EXPECT_EQ(run(bibport_cmd("convert --no-such-flag")).status, 2);
    auto cmd = run(bibport_cmd("transmogrify x"));
    EXPECT_EQ(cmd.status, 2);
    EXPECT_NE(cmd.err.find("unknown command 'transmogrify'"), std::string::npos);
    EXPECT_EQ(run(std::string(BIBPORT_BIN)).status, 2);
    TempDir dir;
    spit(dir / "in.lines", "x\n");
    auto opt = run(bibport_cmd("convert " + quote((dir / "in.lines").string()) + " -t lines --option colour=red"));
    EXPECT_EQ(opt.status, 2);
    EXPECT_NE(opt.err.find("unknown option 'colour'; accepted here: header"), std::string::npos) << opt.err;
    auto bad = run(bibport_cmd("convert " + quote((dir / "in.lines").string()) + " -t lines --option header"));
    EXPECT_EQ(bad.status, 2);
    EXPECT_NE(bad.err.find("--option takes KEY=VALUE"), std::string::npos);
}

TEST(Cli, DeclaredOptionsReachTheWriter) {
    TempDir dir;
    spit(dir / "in.lines", "x\n");
    auto r = run(bibport_cmd("convert " + quote((dir / "in.lines").string()) + " -t lines --option header=true"));
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "LINES\nx\n");
}

TEST(Cli, NoOutputFormatIsAUsageError) {
    TempDir dir;
    spit(dir / "in.lines", "x\n");
    auto r = run(bibport_cmd("convert " + quote((dir / "in.lines").string())));
    EXPECT_EQ(r.status, 2);
    EXPECT_NE(r.err.find("no output format: use -t"), std::string::npos);
    auto o = run(bibport_cmd("convert " + quote((dir / "in.lines").string()) + " -o out.unknownext"));
    EXPECT_EQ(o.status, 2);
    EXPECT_NE(o.err.find("cannot tell the output format from 'out.unknownext'"), std::string::npos);
}

TEST(Cli, UnreadableInputIsExitOneAndWritesNothing) {
    TempDir dir;
    auto out = dir / "out.lines";
    auto r = run(bibport_cmd("convert " + quote((dir / "missing.lines").string()) + " -t lines -o " + quote(out.string())));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("missing.lines: error: cannot read file: No such file or directory"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(Cli, UnknownInputFormatIsExitOne) {
    TempDir dir;
    spit(dir / "in.txt", "plain prose\n");
    auto r = run(bibport_cmd("convert " + quote((dir / "in.txt").string()) + " -t lines"));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("cannot tell the format of this input; use -f with one of: lines"), std::string::npos) << r.err;
}

TEST(Cli, BadRecordsAreReportedWithPositionAndTheRestIsStillWritten) {
    TempDir dir;
    auto in = dir / "in.lines";
    spit(in, "good1\n!bad\ngood2\n");
    auto out = dir / "out.lines";
    auto r = run(bibport_cmd("convert " + quote(in.string()) + " -o " + quote(out.string())));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find(in.string() + ":2:1: error: cannot read this line"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(out), "good1\ngood2\n");
}

TEST(Cli, NothingReadableMeansNothingWrittenAndTheOldFileKept) {
    TempDir dir;
    auto in = dir / "in.lines";
    spit(in, "!bad\n!worse\n");
    auto out = dir / "out.lines";
    spit(out, "precious\n");
    auto r = run(bibport_cmd("convert " + quote(in.string()) + " -o " + quote(out.string())));
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(slurp(out), "precious\n");
    EXPECT_NE(r.err.find("nothing written (0 records read, 2 skipped)"), std::string::npos) << r.err;
}

TEST(Cli, AWriterFailureLeavesTheOutputFileAsItWas) {
    TempDir dir;
    auto in = dir / "in.lines";
    spit(in, "ok\n%throw-write\n");
    auto out = dir / "out.lines";
    spit(out, "precious\n");
    auto r = run(bibport_cmd("convert " + quote(in.string()) + " -o " + quote(out.string())));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("error: writer failed: fixture writer exploded"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(out), "precious\n");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 2);
}

TEST(Cli, AWriterThatHandsItsTextOnInPiecesWritesTheSameFile) {
    // "sinklines" writes through a sink straight into the temporary file: same text, same
    // diagnostics as the writer that returns its text whole.
    TempDir dir;
    auto in = dir / "in.lines";
    spit(in, "alpha ## a note\nbeta\n");
    auto whole = run(bibport_cmd("convert " + quote(in.string()) + " -t lines -o " + quote((dir / "out").string())));
    auto pieces = run(bibport_cmd("convert " + quote(in.string()) + " -t sinklines -o " + quote((dir / "out").string())));
    EXPECT_EQ(whole.status, 0) << whole.err;
    EXPECT_EQ(pieces.status, 0) << pieces.err;
    EXPECT_EQ(slurp(dir / "out"), "alpha\nbeta\n");
    std::string expected_err = whole.err;
    expected_err.replace(expected_err.find("in lines"), 8, "in sinklines");
    EXPECT_EQ(pieces.err, expected_err);
    EXPECT_NE(pieces.err.find("1 field(s) could not be represented"), std::string::npos) << pieces.err;
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 2);
}

TEST(Cli, AWriterThatFailsAfterSomePiecesLeavesTheOutputFileAsItWas) {
    TempDir dir;
    auto in = dir / "in.lines";
    auto out = dir / "out.sinklines";
    spit(out, "precious\n");
    // The first line is in the temporary file when the writer throws.
    spit(in, "ok\n%throw-write\n");
    auto r = run(bibport_cmd("convert " + quote(in.string()) + " -o " + quote(out.string())));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("error: writer failed: fixture writer exploded"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(out), "precious\n");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 2);
    // --strict: a loss the writer reports after writing its text also keeps the old file.
    spit(in, "ok ## a note\nmore\n");
    auto strict = run(bibport_cmd("convert --strict " + quote(in.string()) + " -o " + quote(out.string())));
    EXPECT_EQ(strict.status, 1);
    EXPECT_EQ(slurp(out), "precious\n");
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 2);
    auto ok = run(bibport_cmd("convert -q " + quote(in.string()) + " -o " + quote(out.string())));
    EXPECT_EQ(ok.status, 0) << ok.err;
    EXPECT_EQ(slurp(out), "ok\nmore\n");
}

TEST(Cli, AReaderThatThrowsDoesNotCrashTheProgram) {
    TempDir dir;
    auto in = dir / "in.lines";
    spit(in, "ok\n%throw\nlost\n");
    auto r = run(bibport_cmd("convert " + quote(in.string()) + " -t lines"));
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "ok\n");
    EXPECT_NE(r.err.find("error: reader failed: fixture reader exploded"), std::string::npos);
}

TEST(Cli, StrictTurnsWarningsIntoFailure) {
    TempDir dir;
    auto in = dir / "in.lines";
    spit(in, "ok\n?doubtful\n");
    auto relaxed = run(bibport_cmd("convert " + quote(in.string()) + " -t lines"));
    EXPECT_EQ(relaxed.status, 0);
    EXPECT_EQ(relaxed.out, "ok\ndoubtful\n");
    EXPECT_NE(relaxed.err.find(":2:1: warning: doubtful line"), std::string::npos);
    auto out = dir / "out.lines";
    auto strict = run(bibport_cmd("convert --strict " + quote(in.string()) + " -o " + quote(out.string())));
    EXPECT_EQ(strict.status, 1);
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(Cli, QuietKeepsErrorsButDropsWarnings) {
    TempDir dir;
    auto in = dir / "in.lines";
    spit(in, "?doubtful\n!bad\n");
    auto r = run(bibport_cmd("convert -q " + quote(in.string()) + " -t lines"));
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err.find("warning"), std::string::npos);
    EXPECT_NE(r.err.find("error: cannot read this line"), std::string::npos);
}

TEST(Cli, CheckReportsAndWritesNothing) {
    TempDir dir;
    auto in = dir / "in.lines";
    spit(in, "a\n!bad\nb\n");
    auto r = run(bibport_cmd("check " + quote(in.string())));
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("2 records read, 1 skipped, 1 errors, 0 warnings"), std::string::npos) << r.err;
    spit(in, "a\n?w\n");
    EXPECT_EQ(run(bibport_cmd("check " + quote(in.string()))).status, 0);
    EXPECT_EQ(run(bibport_cmd("check --strict " + quote(in.string()))).status, 1);
}

TEST(Cli, FormatsShowsWhereEachFormatCameFromAndWarnsAboutBrokenPlugins) {
    auto r = run(bibport_cmd("--plugin-dir " + quote(BIBPORT_FIXTURE_BROKEN_DIR) + " formats"));
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.out.find("lines        yes   yes    lines              " + std::string(BIBPORT_FIXTURE_DIR) +
                         "/bibport_lines.so"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.err.find("bibport_wrongabi.so: warning: skipped: built for plugin ABI 42"), std::string::npos) << r.err;
    auto one = run(bibport_cmd("formats lines"));
    EXPECT_NE(one.out.find("--option header=false"), std::string::npos) << one.out;
    EXPECT_EQ(run(bibport_cmd("formats nope")).status, 2);
}

TEST(Cli, LossesGiveAOneLineSummaryByDefault) {
    TempDir dir;
    auto in = dir / "in.lines";
    spit(in, "a ## first note\nb\nc ## another\n");
    auto r = run(bibport_cmd("convert " + quote(in.string()) + " -t lines"));
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.out, "a\nb\nc\n");
    EXPECT_EQ(r.err, "bibport: warning: 2 field(s) could not be represented in lines (note); --report lists them\n");
}

TEST(Cli, ReportListsLossesWithRecordKeys) {
    TempDir dir;
    auto in = dir / "in.lines";
    spit(in, "a ## first note\nb\nc ## another\n");
    auto r = run(bibport_cmd("convert " + quote(in.string()) + " -t lines --report"));
    EXPECT_EQ(r.status, 0);
    EXPECT_EQ(r.err, "bibport: what lines could not represent:\n  2 records: note: note not written (line1, line3)\n");
    auto json = dir / "report.json";
    auto j = run(bibport_cmd("convert " + quote(in.string()) + " -t lines --report=" + quote(json.string())));
    EXPECT_EQ(j.status, 0);
    EXPECT_EQ(j.err, "");
    EXPECT_EQ(slurp(json), R"({"format":"lines","total":2,"losses":[{"what":"note","count":2,"message":"note not written","records":["line1","line3"]}]})"
                           "\n");
    spit(in, "b\n");
    auto none = run(bibport_cmd("convert " + quote(in.string()) + " -t lines --report"));
    EXPECT_EQ(none.err, "bibport: nothing was lost writing lines\n");
}

TEST(Cli, StrictFailsWhenAnythingWouldBeLost) {
    TempDir dir;
    auto in = dir / "in.lines";
    spit(in, "a ## note\n");
    auto out = dir / "out.lines";
    auto r = run(bibport_cmd("convert --strict " + quote(in.string()) + " -o " + quote(out.string()) + " --report"));
    EXPECT_EQ(r.status, 1);
    EXPECT_FALSE(std::filesystem::exists(out));
    EXPECT_NE(r.err.find("1 record: note: note not written (line1)"), std::string::npos) << r.err;
    spit(in, "a\n");
    EXPECT_EQ(run(bibport_cmd("convert --strict " + quote(in.string()) + " -o " + quote(out.string()))).status, 0);
}

TEST(Cli, KeyClashesBetweenInputsAreRenamedAndReported) {
    TempDir dir;
    spit(dir / "a.lines", "x\n");
    spit(dir / "b.lines", "y\n");
    auto r = run(bibport_cmd("convert " + quote((dir / "a.lines").string()) + " " + quote((dir / "b.lines").string()) +
                             " -t lines"));
    EXPECT_EQ(r.status, 0);
    EXPECT_NE(r.err.find("b.lines:1: warning: citation key 'line1' is already used by an earlier input; renamed to 'line1-2' [line1]"),
              std::string::npos)
        << r.err;
}

TEST(Cli, AnInputWithNoRecordsIsReportedAndNothingIsWritten) {
    TempDir dir;
    auto in = dir / "empty.lines";
    spit(in, "\n\n");
    auto out = dir / "out.lines";
    auto r = run(bibport_cmd("convert " + quote(in.string()) + " -o " + quote(out.string())));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("empty.lines: error: no records found in this input (read as lines)"), std::string::npos) << r.err;
    EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(Cli, InputsOverTheSizeLimitAreRefused) {
    TempDir dir;
    auto in = dir / "big.lines";
    spit(in, std::string(3 << 20, 'x') + "\n");
    auto r = run(bibport_cmd("convert --max-input-mb 2 " + quote(in.string()) + " -t lines"));
    EXPECT_EQ(r.status, 1);
    EXPECT_NE(r.err.find("cannot read file: input is larger than the limit of 2 MiB (raise it with --max-input-mb)"),
              std::string::npos) << r.err;
    auto piped = run(bibport_cmd("convert --max-input-mb 2 -f lines -t lines"), in.string());
    EXPECT_EQ(piped.status, 1);
    EXPECT_EQ(run(bibport_cmd("convert --max-input-mb 4 " + quote(in.string()) + " -t lines -q")).status, 0);
}
