// SPDX-License-Identifier: MIT
// The bar, through the program: `bibport convert seed.md -t csljson` gives the 81 records,
// and the seed goes markdown -> X -> markdown for every in-tree format X that reads and writes,
// with alias, star, title, venue, year, links and sections intact (the entry lines are equal).
#include "common/run.hpp"

#include <gtest/gtest.h>

#include <array>
#include <sstream>

namespace {

using bibport::testing::quote;
using bibport::testing::run;
using bibport::testing::slurp;
using bibport::testing::TempDir;

std::string bibport_cmd() {
    return quote(BIBPORT_BIN) + " --plugin-dir " + quote(BIBPORT_PLUGIN_DIR);
}
const std::string kSeed = BIBPORT_SHARED_DIR "/seeds/self-supervised-pretraining.md";

/// The entry lines of a written list, in order.
std::vector<std::string> entry_lines(const std::string& md) {
    std::vector<std::string> out;
    std::istringstream in(md);
    for (std::string line; std::getline(in, line);)
        if (line.starts_with("- ")) out.push_back(line);
    return out;
}

/// Formats the program can both read and write, from `bibport formats`.
std::vector<std::string> round_trip_formats() {
    auto r = run(bibport_cmd() + " formats");
    EXPECT_EQ(r.status, 0) << r.err;
    std::vector<std::string> ids;
    std::istringstream in(r.out);
    std::string line;
    std::getline(in, line);   // header
    while (std::getline(in, line)) {
        std::istringstream cols(line);
        std::string id, can_read, can_write;
        cols >> id >> can_read >> can_write;
        if (id != "markdown" && can_read == "yes" && can_write == "yes") ids.push_back(id);
    }
    return ids;
}

TEST(MarkdownCli, SeedToCslJsonHas81Records) {
    TempDir tmp;
    auto r = run(bibport_cmd() + " convert " + quote(kSeed) + " -t csljson -o " + quote((tmp / "seed.json").string()));
    ASSERT_EQ(r.status, 0) << r.err;
    std::string json = slurp(tmp / "seed.json");
    std::size_t ids = 0;
    for (auto at = json.find("\"id\":"); at != std::string::npos; at = json.find("\"id\":", at + 1)) ++ids;
    if (ids == 0)   // pretty-printed output puts a space after the colon
        for (auto at = json.find("\"id\": "); at != std::string::npos; at = json.find("\"id\": ", at + 1)) ++ids;
    EXPECT_EQ(ids, 81u);
    EXPECT_NE(json.find("Momentum Contrast for Unsupervised Visual Representation Learningn"), std::string::npos);
    EXPECT_NE(json.find("Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition"),
              std::string::npos);
}

/// Differences a format is known to make without reporting them, named so that they are fixed
/// in that format and removed here (the test fails when a listed difference no longer occurs).
struct KnownGap {
    std::string_view format, alias, why;
};
// None at present (BibTeX's full-width colon folding, the last one, is fixed).
constexpr std::array<KnownGap, 0> kKnownGaps{};

bool known_gap(std::string_view format, std::string_view line) {
    for (const auto& g : kKnownGaps)
        if (g.format == format && line.starts_with("- **[" + std::string(g.alias) + "]**")) return true;
    return false;
}

/// The alias of an entry line ("- **[MoCov1]** ..." -> "MoCov1").
std::string alias_of(std::string_view line) {
    auto end = line.find("]**");
    return line.starts_with("- **[") && end != std::string_view::npos ? std::string(line.substr(5, end - 5)) : "";
}

TEST(MarkdownCli, SeedRoundTripsThroughEveryFormat) {
    TempDir tmp;
    auto direct = run(bibport_cmd() + " convert " + quote(kSeed) + " -t markdown");
    ASSERT_EQ(direct.status, 0) << direct.err;
    auto expected = entry_lines(direct.out);
    ASSERT_EQ(expected.size(), 81u);
    auto formats = round_trip_formats();
    EXPECT_FALSE(formats.empty());
    for (const auto& f : formats) {
        SCOPED_TRACE("through " + f);
        std::string mid = (tmp / ("seed." + f)).string(), report = (tmp / (f + ".report.json")).string();
        auto there = run(bibport_cmd() + " convert " + quote(kSeed) + " -t " + f + " -o " + quote(mid) +
                         " --report=" + quote(report));
        ASSERT_EQ(there.status, 0) << there.err;
        std::string losses = slurp(report);
        auto back = run(bibport_cmd() + " convert -f " + f + " " + quote(mid) + " -t markdown");
        ASSERT_EQ(back.status, 0) << back.err;
        auto got = entry_lines(back.out);
        ASSERT_EQ(got.size(), expected.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            if (got[i] == expected[i]) {
                EXPECT_FALSE(known_gap(f, expected[i])) << "fixed: remove it from kKnownGaps: " << expected[i];
                continue;
            }
            // A difference is acceptable only when the writer reported a loss for that record.
            std::string alias = alias_of(expected[i]);
            bool reported = !alias.empty() && losses.find("\"" + alias + "\"") != std::string::npos;
            if (reported || known_gap(f, expected[i])) continue;
            ADD_FAILURE() << "entry " << i << " changed without a loss report\n  got:      " << got[i]
                          << "\n  expected: " << expected[i];
        }
        // The headings come back from the records' sections.
        EXPECT_NE(back.out.find("## All Papers\n\n### 2020\n"), std::string::npos) << back.out.substr(0, 300);
    }
}

}  // namespace
