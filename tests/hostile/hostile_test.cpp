// SPDX-License-Identifier: MIT
// Hostile inputs through the real program, for every reader: the run must end with exit status
// 0 or 1 (never a signal) within a memory and time limit, say where the problem is, keep the
// good records around a bad one, and never leave a half-written output.
#include "common/run.hpp"
#include "hostile_inputs.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <gtest/gtest.h>

#include <array>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <set>

using bibport::hostile::FormatCase;
using bibport::hostile::kBigField;
using bibport::hostile::kDepth;
using bibport::hostile::repeat;
using bibport::testing::quote;
using bibport::testing::slurp;
using bibport::testing::spit;
using bibport::testing::TempDir;

namespace fs = std::filesystem;
namespace json = boost::json;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAsan = true;
#else
constexpr bool kAsan = false;
#endif
#else
constexpr bool kAsan = false;
#endif

constexpr const char* kSentinel = "previous output: must survive a failed run\n";

/// What one run of `bibport convert` did.
struct Conversion {
    int status = -1;
    std::string err;
    bool replaced = false;             ///< the output file no longer holds the sentinel
    std::vector<std::string> ids;      ///< records in the output, in order
    std::vector<std::string> titles;
    std::vector<std::string> leftovers;   ///< files in the output folder besides in.* and out.json

    bool has_title(std::string_view t) const { return std::find(titles.begin(), titles.end(), t) != titles.end(); }
};

std::set<std::string> registered_formats() {
    auto r = bibport::testing::run(std::string(BIBPORT_BIN) + " --plugin-dir " + quote(BIBPORT_PLUGIN_DIR) + " formats");
    std::set<std::string> ids;
    std::size_t at = r.out.find('\n');   // skip the heading
    while (at != std::string::npos && at + 1 < r.out.size()) {
        std::size_t end = r.out.find('\n', at + 1);
        std::string line = r.out.substr(at + 1, end == std::string::npos ? std::string::npos : end - at - 1);
        ids.insert(line.substr(0, line.find(' ')));
        at = end;
    }
    return ids;
}

/// Runs the program on `content` saved as in.<extension>, output as CSL-JSON into a file that
/// already exists. The shell applies the limits: 1.5 GiB of address space (not under
/// AddressSanitizer, which reserves terabytes of it), 60 s of CPU, 120 s of wall time.
Conversion convert(const FormatCase& f, const std::string& content, bool pass_format = true) {
    TempDir dir;
    const std::string input = "in." + f.extension;
    spit(dir / input, content);
    spit(dir / "out.json", kSentinel);
    std::string limits = kAsan ? "ulimit -t 60; " : "ulimit -v 1572864; ulimit -t 60; ";
    std::string cmd = "cd " + quote(dir.path().string()) + " && (" + limits + "exec timeout -s KILL 120 " +
                      BIBPORT_BIN + " --plugin-dir " + quote(BIBPORT_PLUGIN_DIR) + " convert " +
                      (pass_format ? "-f " + f.id + " " : std::string()) + input + " -t csljson -o out.json)";
    auto r = bibport::testing::run(cmd);
    Conversion c;
    c.status = r.status;
    c.err = r.err;
    std::string out = slurp(dir / "out.json");
    c.replaced = out != kSentinel;
    if (c.replaced) {
        json::error_code ec;
        json::parse_options options;
        options.max_depth = 1000;
        json::value v = json::parse(out, ec, {}, options);
        EXPECT_FALSE(ec) << "the output is not whole JSON: " << ec.message();
        if (!ec && v.is_array()) {
            for (const auto& item : v.get_array()) {
                const auto& o = item.get_object();
                auto text = [&](const char* key) {
                    auto it = o.find(key);
                    return it != o.end() && it->value().is_string() ? std::string(it->value().get_string())
                                                                    : std::string();
                };
                c.ids.push_back(text("id"));
                c.titles.push_back(text("title"));
            }
        }
    }
    for (const auto& e : fs::directory_iterator(dir.path())) {
        std::string name = e.path().filename().string();
        if (name != input && name != "out.json") c.leftovers.push_back(name);
    }
    return c;
}

/// A diagnostic "<file>:<line>:<col>: <severity>:" (line 0 = any line).
bool has_positioned(const std::string& err, const std::string& file, std::string_view severity, unsigned line = 0) {
    std::size_t start = 0;
    while (start < err.size()) {
        std::size_t end = err.find('\n', start);
        if (end == std::string::npos) end = err.size();
        std::string_view l(err.data() + start, end - start);
        start = end + 1;
        if (!l.starts_with(file + ":")) continue;
        l.remove_prefix(file.size() + 1);
        unsigned ln = 0, col = 0;
        std::size_t i = 0;
        while (i < l.size() && l[i] >= '0' && l[i] <= '9') ln = ln * 10 + (l[i++] - '0');
        if (i == 0 || i >= l.size() || l[i] != ':') continue;
        std::size_t j = ++i;
        while (i < l.size() && l[i] >= '0' && l[i] <= '9') col = col * 10 + (l[i++] - '0');
        if (i == j || col == 0) continue;
        if (l.substr(i).starts_with(": " + std::string(severity) + ":") && (line == 0 || ln == line)) return true;
    }
    return false;
}

unsigned lines_in(std::string_view s) { return static_cast<unsigned>(std::count(s.begin(), s.end(), '\n')); }

/// The 1-based line of `record` in `document`, plus `offset` lines.
unsigned line_of(const std::string& document, const std::string& record, int offset) {
    return lines_in(std::string_view(document).substr(0, document.find(record))) + 1 + static_cast<unsigned>(offset);
}

/// Common to every run: a status (not a signal), and either no output at all or a whole one.
void expect_sane(const Conversion& c) {
    EXPECT_TRUE(c.status == 0 || c.status == 1) << "status " << c.status << "\n" << c.err.substr(0, 2000);
    EXPECT_TRUE(c.leftovers.empty()) << "left behind: " << c.leftovers.front();
    if (c.status == 1 && c.ids.empty()) {
        EXPECT_FALSE(c.replaced) << "a run that read nothing replaced the output";
    }
}

/// A failed run that read nothing: status 1, an error, and the old output untouched.
void expect_refused(const Conversion& c) {
    expect_sane(c);
    EXPECT_EQ(c.status, 1) << c.err;
    EXPECT_FALSE(c.replaced);
    EXPECT_NE(c.err.find("error:"), std::string::npos) << c.err;
}

std::string utf16(const std::string& utf8, bool little_endian) {
    std::u32string cps;
    for (std::size_t i = 0; i < utf8.size();) {
        auto b = static_cast<unsigned char>(utf8[i]);
        int len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t cp = len == 1 ? b : len == 2 ? b & 0x1F : len == 3 ? b & 0x0F : b & 0x07;
        for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + k]) & 0x3F);
        cps.push_back(cp);
        i += len;
    }
    std::string out;
    auto unit = [&](std::uint16_t u) {
        char hi = static_cast<char>(u >> 8), lo = static_cast<char>(u & 0xFF);
        out += little_endian ? lo : hi;
        out += little_endian ? hi : lo;
    };
    unit(0xFEFF);
    for (char32_t cp : cps) {
        if (cp < 0x10000) {
            unit(static_cast<std::uint16_t>(cp));
        } else {
            cp -= 0x10000;
            unit(static_cast<std::uint16_t>(0xD800 + (cp >> 10)));
            unit(static_cast<std::uint16_t>(0xDC00 + (cp & 0x3FF)));
        }
    }
    return out;
}

/// Deterministic pseudo-random bytes (a fixed LCG: the same file every run).
std::string binary_junk(std::size_t n) {
    std::string out(n, '\0');
    std::uint64_t x = 0x9E3779B97F4A7C15ull;
    for (auto& c : out) {
        x = x * 6364136223846793005ull + 1442695040888963407ull;
        c = static_cast<char>(x >> 56);
    }
    return out;
}

/// Hostile inputs a reader still fails on, each with what goes wrong. They are skipped with
/// that reason, unless BIBPORT_HOSTILE_ALL=1 is set; an entry goes once the reader is fixed.
struct KnownProblem {
    std::string_view format, test, what;
};
// None at the moment; the list stays so a new finding can be recorded the same way.
constexpr std::array<KnownProblem, 0> kKnownProblems{};

const KnownProblem* known_problem(std::string_view format) {
    if (const char* all = std::getenv("BIBPORT_HOSTILE_ALL"); all && std::string_view(all) == "1") return nullptr;
    std::string_view test = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    test = test.substr(0, test.find('/'));
    for (const auto& k : kKnownProblems)
        if (k.format == format && k.test == test) return &k;
    return nullptr;
}

class Hostile : public ::testing::TestWithParam<FormatCase> {
protected:
    void SetUp() override {
        static const std::set<std::string> formats = registered_formats();
        if (!formats.count(GetParam().id)) GTEST_SKIP() << "format '" << GetParam().id << "' is not registered";
        if (const auto* k = known_problem(GetParam().id)) GTEST_SKIP() << "known problem: " << k->what;
    }
    const FormatCase& f() const { return GetParam(); }
    std::string file() const { return "in." + f().extension; }
    std::string doc(const std::vector<std::string>& records) const { return f().document(records); }
};

std::string case_name(const ::testing::TestParamInfo<FormatCase>& info) {
    std::string n = info.param.id;
    std::replace(n.begin(), n.end(), '-', '_');
    return n;
}

}  // namespace

INSTANTIATE_TEST_SUITE_P(Readers, Hostile, ::testing::ValuesIn(bibport::hostile::all_formats()), case_name);

// The two good records read as they are: what every other case is measured against.
TEST_P(Hostile, GoodRecordsAreRead) {
    auto c = convert(f(), doc({f().good(1), f().good(2)}));
    expect_sane(c);
    EXPECT_EQ(c.status, 0) << c.err;
    EXPECT_EQ(c.titles, (std::vector<std::string>{"Good Record 1", "Good Record 2"}));
}

TEST_P(Hostile, EmptyFileIsAnError) {
    auto c = convert(f(), "");
    expect_refused(c);
}

TEST_P(Hostile, OnlyWhitespaceIsAnError) {
    auto c = convert(f(), " \n\t\n   \r\n\n");
    expect_refused(c);
}

// A UTF-8 byte-order mark is legitimate (Windows editors write one): read as if absent.
TEST_P(Hostile, Utf8ByteOrderMarkIsSkipped) {
    auto c = convert(f(), "\xEF\xBB\xBF" + doc({f().good(1), f().good(2)}));
    expect_sane(c);
    EXPECT_EQ(c.status, 0) << c.err;
    EXPECT_EQ(c.titles, (std::vector<std::string>{"Good Record 1", "Good Record 2"}));
}

// UTF-16 with a byte-order mark is unambiguous: converted to UTF-8, with a note.
TEST_P(Hostile, Utf16WithByteOrderMarkIsConverted) {
    for (bool le : {true, false}) {
        auto c = convert(f(), utf16(doc({f().good(1), f().good(2)}), le));
        expect_sane(c);
        EXPECT_EQ(c.status, 0) << c.err;
        EXPECT_EQ(c.titles, (std::vector<std::string>{"Good Record 1", "Good Record 2"})) << c.err;
        EXPECT_NE(c.err.find(le ? "UTF-16LE" : "UTF-16BE"), std::string::npos) << c.err;
    }
}

// Bytes that are not UTF-8 become U+FFFD, reported as an error at the first of them; every
// record is still converted (the output is always valid UTF-8).
TEST_P(Hostile, InvalidUtf8IsReplacedAndReported) {
    std::string bad = f().titled("Bad \xC3\x28 bytes \xFF end");
    std::string d = doc({f().good(1), bad, f().good(3)});
    auto c = convert(f(), d);
    expect_sane(c);
    EXPECT_EQ(c.status, 1) << c.err;
    EXPECT_TRUE(has_positioned(c.err, file(), "error", line_of(d, bad, f().title_line))) << c.err;
    EXPECT_NE(c.err.find("UTF-8"), std::string::npos) << c.err;
    EXPECT_TRUE(c.has_title("Good Record 1")) << c.err;
    EXPECT_TRUE(c.has_title("Good Record 3")) << c.err;
}

// A NUL byte in a text file is no reason to drop the file: it is replaced like invalid UTF-8.
TEST_P(Hostile, NulByteIsReplacedAndReported) {
    auto c = convert(f(), doc({f().good(1), f().titled(std::string("Nul \0 Byte", 10)), f().good(3)}));
    expect_sane(c);
    EXPECT_EQ(c.status, 1) << c.err;
    EXPECT_TRUE(has_positioned(c.err, file(), "error")) << c.err;
    EXPECT_TRUE(c.has_title("Good Record 1")) << c.err;
    EXPECT_TRUE(c.has_title("Good Record 3")) << c.err;
}

// Random bytes are refused as a whole, before any reader sees them.
TEST_P(Hostile, BinaryDataIsRefused) {
    auto c = convert(f(), binary_junk(64 * 1024));
    expect_refused(c);
    EXPECT_NE(c.err.find("binary"), std::string::npos) << c.err;
}

// 50 MiB in one field: read and written whole, within the memory limit.
TEST_P(Hostile, FiftyMegabyteFieldIsRead) {
    std::string big = repeat("abcdefghij", kBigField / 10);
    auto c = convert(f(), doc({f().good(1), f().titled(big), f().good(3)}));
    expect_sane(c);
    EXPECT_EQ(c.status, 0) << c.err.substr(0, 2000);
    ASSERT_EQ(c.titles.size(), 3u) << c.err.substr(0, 2000);
    EXPECT_EQ(c.titles[0], "Good Record 1");
    EXPECT_EQ(c.titles[1].size(), big.size());
    EXPECT_EQ(c.titles[2], "Good Record 3");
}

// 100 000 levels of nesting: no stack overflow, no hang; the records before (and, where the
// syntax allows it, after) are kept.
TEST_P(Hostile, DeepNestingIsBounded) {
    for (std::size_t k = 0; k < f().deep.size(); ++k) {
        SCOPED_TRACE("deep input #" + std::to_string(k));
        auto c = convert(f(), doc({f().good(1), f().deep[k], f().good(3)}));
        expect_sane(c);
        EXPECT_TRUE(c.has_title("Good Record 1")) << c.err.substr(0, 2000);
        if (f().reads_after_deep) {
            EXPECT_TRUE(c.has_title("Good Record 3")) << c.err.substr(0, 2000);
        }
        if (c.status == 1) {
            EXPECT_TRUE(has_positioned(c.err, file(), "error")) << c.err.substr(0, 2000);
        }
    }
}

// A download cut off in the middle of a record: the complete records are kept, and the cut is
// reported where it is.
TEST_P(Hostile, TruncatedRecordIsReported) {
    auto c = convert(f(), doc({f().good(1), f().good(2), f().truncated}));
    expect_sane(c);
    EXPECT_TRUE(c.has_title("Good Record 1")) << c.err;
    EXPECT_TRUE(c.has_title("Good Record 2")) << c.err;
    if (f().truncation_is_error) {
        EXPECT_EQ(c.status, 1) << c.err;
        EXPECT_TRUE(has_positioned(c.err, file(), "error")) << c.err;
    }
}

// One bad record between two good ones: both good ones are converted, the bad one is reported
// on its own line.
TEST_P(Hostile, BadRecordBetweenGoodOnesIsSkipped) {
    std::string d = doc({f().good(1), f().bad, f().good(3)});
    unsigned bad_line = line_of(d, f().bad, f().bad_line_offset);
    auto c = convert(f(), d);
    expect_sane(c);
    EXPECT_EQ(c.status, f().bad_is_error ? 1 : 0) << c.err;
    EXPECT_TRUE(has_positioned(c.err, file(), f().bad_is_error ? "error" : "warning", bad_line)) << c.err;
    EXPECT_TRUE(c.has_title("Good Record 1")) << c.err;
    if (f().reads_after_bad) {
        EXPECT_TRUE(c.has_title("Good Record 3")) << c.err;
    }
    EXPECT_FALSE(c.has_title("Bad Record")) << c.err;
}

// A file in another format under this format's extension.
TEST_P(Hostile, WrongFormatForTheExtension) {
    const auto formats = bibport::hostile::all_formats();
    // BibTeX, else CSL-JSON (which is valid YAML: for cslyaml it is no wrong format).
    const auto& other = f().id == "csljson" || f().id == "cslyaml" ? formats[1] : formats[3];
    auto c = convert(f(), other.document({other.good(1), other.good(2)}), f().id == "biblatex");
    expect_sane(c);
    if (f().id == "csv") {
        // Any text is CSV: it reads with a warning that the header matches no profile.
        EXPECT_TRUE(has_positioned(c.err, file(), "warning", 1)) << c.err;
    } else {
        EXPECT_EQ(c.status, 1) << c.err;
        EXPECT_FALSE(c.replaced);
        EXPECT_NE(c.err.find("error:"), std::string::npos) << c.err;
    }
}

// --- format-specific cases ----------------------------------------------------------------

namespace {

FormatCase format(const std::string& id) {
    for (auto& f : bibport::hostile::all_formats())
        if (f.id == id) return f;
    return {};
}

bool registered(const std::string& id) {
    static const std::set<std::string> formats = registered_formats();
    return formats.count(id) != 0;
}

}  // namespace

TEST(HostileXml, BillionLaughsIsNotExpanded) {
    if (!registered("zotero-rdf")) GTEST_SKIP() << "format 'zotero-rdf' is not registered";
    std::string dtd = "<!DOCTYPE rdf:RDF [\n  <!ENTITY lol \"lol\">\n";
    for (int i = 1; i <= 9; ++i) {
        dtd += "  <!ENTITY lol" + std::to_string(i) + " \"";
        for (int k = 0; k < 10; ++k) dtd += i == 1 ? "&lol;" : "&lol" + std::to_string(i - 1) + ";";
        dtd += "\">\n";
    }
    dtd += "]>\n";
    auto f = format("zotero-rdf");
    std::string d = f.document({f.good(1), f.titled("&lol9;"), f.good(3)});
    d.insert(d.find("<rdf:RDF"), dtd);
    auto c = convert(f, d);
    expect_sane(c);
    EXPECT_TRUE(c.has_title("Good Record 1")) << c.err;
    for (const auto& t : c.titles) EXPECT_LT(t.size(), 1000u);
}

TEST(HostileXml, ExternalEntitiesAreNotLoaded) {
    if (!registered("zotero-rdf")) GTEST_SKIP() << "format 'zotero-rdf' is not registered";
    TempDir secret_dir;
    spit(secret_dir / "secret.txt", "TOP-SECRET-CONTENT");
    std::string dtd = "<!DOCTYPE rdf:RDF [\n  <!ENTITY xxe SYSTEM \"file://" + (secret_dir / "secret.txt").string() +
                      "\">\n  <!ENTITY remote SYSTEM \"http://127.0.0.1:9/evil.dtd\">\n]>\n";
    auto f = format("zotero-rdf");
    std::string d = f.document({f.good(1), f.titled("Secret: &xxe; &remote;"), f.good(3)});
    d.insert(d.find("<rdf:RDF"), dtd);
    auto c = convert(f, d);
    expect_sane(c);
    EXPECT_TRUE(c.has_title("Good Record 1")) << c.err;
    for (const auto& t : c.titles) EXPECT_EQ(t.find("TOP-SECRET"), std::string::npos) << t;
    EXPECT_EQ(c.err.find("TOP-SECRET"), std::string::npos);
}

// YAML's own bomb: nested aliases that would expand to a billion values.
TEST(HostileYaml, BillionLaughsIsRefused) {
    if (!registered("cslyaml")) GTEST_SKIP() << "format 'cslyaml' is not registered";
    auto f = format("cslyaml");
    std::string bomb = "- id: lol\n  type: book\n  title: Laughs\n  custom:\n    a: &a [x, x, x, x, x, x, x, x, x, x]\n";
    std::string prev = "a";
    for (int i = 1; i <= 9; ++i) {
        bomb += "    b" + std::to_string(i) + ": &b" + std::to_string(i) + " [";
        for (int k = 0; k < 10; ++k) bomb += (k ? ", *" : "*") + prev;
        bomb += "]\n";
        prev = "b" + std::to_string(i);
    }
    auto c = convert(f, f.document({f.good(1), bomb, f.good(3)}));
    expect_sane(c);
    EXPECT_EQ(c.status, 1);
    EXPECT_TRUE(has_positioned(c.err, "in.yaml", "error")) << c.err;
    EXPECT_NE(c.err.find("aliases"), std::string::npos) << c.err;
    EXPECT_TRUE(c.has_title("Good Record 1")) << c.err;
}

// Aliases used a reasonable number of times are fine.
TEST(HostileYaml, AliasesWithinTheLimitAreRead) {
    if (!registered("cslyaml")) GTEST_SKIP() << "format 'cslyaml' is not registered";
    auto f = format("cslyaml");
    std::string doc = "- id: a\n  type: book\n  title: &t Shared Title\n  author: &who\n    - family: Doe\n"
                      "- id: b\n  type: book\n  title: *t\n  author: *who\n";
    auto c = convert(f, doc);
    expect_sane(c);
    EXPECT_EQ(c.status, 0) << c.err;
    EXPECT_EQ(c.titles, (std::vector<std::string>{"Shared Title", "Shared Title"}));
}

TEST(HostileCsv, TenThousandColumns) {
    if (!registered("csv")) GTEST_SKIP() << "format 'csv' is not registered";
    std::string header = "Key,Type,Title", row = "wide,article-journal,Wide Record";
    for (int i = 4; i <= 10000; ++i) {
        header += ",Column " + std::to_string(i);
        row += ",v" + std::to_string(i);
    }
    auto f = format("csv");
    auto c = convert(f, header + "\n" + row + "\n" + row + "\n");
    expect_sane(c);
    EXPECT_EQ(c.titles, (std::vector<std::string>{"Wide Record", "Wide Record"})) << c.err.substr(0, 2000);
}

// A row far wider than its header: the extra cells are kept, not a reason to fail.
TEST(HostileCsv, RowWiderThanTheHeader) {
    if (!registered("csv")) GTEST_SKIP() << "format 'csv' is not registered";
    auto f = format("csv");
    std::string row = "wide,article-journal,Wide Record" + repeat(",x", 10000);
    auto c = convert(f, "Key,Type,Title\n" + row + "\n" + f.good(2));
    expect_sane(c);
    EXPECT_TRUE(c.has_title("Wide Record")) << c.err.substr(0, 2000);
    EXPECT_TRUE(has_positioned(c.err, "in.csv", "warning", 2)) << c.err.substr(0, 2000);
}

// The input size limit: refused before reading, and the message says how to raise it.
TEST(HostileLimits, InputOverTheSizeLimitIsRefused) {
    auto f = format("csljson");
    if (!registered("csljson")) GTEST_SKIP() << "format 'csljson' is not registered";
    TempDir dir;
    spit(dir / "in.json", f.document({f.good(1), f.titled(std::string(2u << 20, 'x'))}));
    spit(dir / "out.json", kSentinel);
    auto r = bibport::testing::run(std::string(BIBPORT_BIN) + " --plugin-dir " + quote(BIBPORT_PLUGIN_DIR) +
                                   " convert --max-input-mb 1 " + quote((dir / "in.json").string()) + " -o " +
                                   quote((dir / "out.json").string()));
    EXPECT_EQ(r.status, 1) << r.err;
    EXPECT_NE(r.err.find("--max-input-mb"), std::string::npos) << r.err;
    EXPECT_EQ(slurp(dir / "out.json"), kSentinel);
}

// A whole file on one line (minified JSON, XML or BibTeX without line breaks), with a bad
// record in the middle: linear time (the run's CPU limit would stop a quadratic reader), the
// bad record reported on line 1 at its column, the good records around it read.
TEST(HostileOneLine, AWholeFileOnOneLine) {
    for (const char* id : {"bibtex", "biblatex", "csljson", "zotero-rdf"}) {
        SCOPED_TRACE(id);
        if (!registered(id)) continue;
        const FormatCase f = format(id);
        std::vector<std::string> records;
        for (int i = 1; i <= 20000; ++i) records.push_back(i == 10000 ? f.bad : f.good(i));
        std::string d = f.document(records);
        std::replace(d.begin(), d.end(), '\n', ' ');
        auto c = convert(f, d);
        expect_sane(c);
        EXPECT_EQ(c.status, f.bad_is_error ? 1 : 0) << c.err.substr(0, 2000);
        EXPECT_TRUE(has_positioned(c.err, "in." + f.extension, f.bad_is_error ? "error" : "warning", 1))
            << c.err.substr(0, 2000);
        EXPECT_TRUE(c.has_title("Good Record 9999"));
        if (f.reads_after_bad) {
            EXPECT_EQ(c.titles.size(), 19999u) << c.err.substr(0, 2000);
            EXPECT_TRUE(c.has_title("Good Record 20000"));
        }
    }
}
