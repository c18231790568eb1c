// SPDX-License-Identifier: MIT
#include "../../plugins/csv/csv_values.hpp"

#include <gtest/gtest.h>

using namespace bibport;
using namespace bibport::plugins::csv;

namespace {

TEST(CsvValues, FormulaCellsGetOneApostropheAndLoseItOnRead) {
    EXPECT_EQ(escape_formula("=cmd|' /C calc'!A0"), "'=cmd|' /C calc'!A0");
    EXPECT_EQ(escape_formula("+1"), "'+1");
    EXPECT_EQ(escape_formula("-2"), "'-2");
    EXPECT_EQ(escape_formula("@SUM(A1)"), "'@SUM(A1)");
    EXPECT_EQ(escape_formula("\tx"), "'\tx");
    EXPECT_EQ(escape_formula("\rx"), "'\rx");
    EXPECT_EQ(escape_formula("plain"), "plain");
    EXPECT_EQ(escape_formula("a=b"), "a=b");
    EXPECT_EQ(escape_formula("'quoted'"), "'quoted'");   // an apostrophe before text is left alone
    EXPECT_EQ(escape_formula(""), "");
    for (std::string_view v : {"=1+1", "'=1+1", "''@x", "-", "'", "''", "'a", "it's", "=", "\t", "'-5"})
        EXPECT_EQ(unescape_formula(escape_formula(v)), v) << v;
    EXPECT_EQ(unescape_formula("'plain"), "'plain");   // not an escape: kept
}

TEST(CsvValues, ListsSplitOnTheSeparatorAndDropEmptyItems) {
    EXPECT_EQ(split_list("a; b;  c ; ", "; "), (std::vector<std::string>{"a", "b", "c"}));
    EXPECT_EQ(split_list("All Papers > 2020", " > "), (std::vector<std::string>{"All Papers", "2020"}));
    EXPECT_TRUE(split_list("", "; ").empty());
    EXPECT_EQ(join_list({"a", "", "b"}, "; "), "a; b");
}

TEST(CsvValues, NamesAsZoteroWritesThem) {
    Name plain{.family = "LeCun", .given = "Yann"};
    EXPECT_EQ(format_name(plain), "LeCun, Yann");
    Name particle{.family = "Maaten", .given = "Laurens", .non_dropping_particle = "van der"};
    EXPECT_EQ(format_name(particle), "van der Maaten, Laurens");
    Name suffix{.family = "King", .given = "Martin Luther", .suffix = "Jr."};
    EXPECT_EQ(format_name(suffix), "King, Martin Luther, Jr.");
    Name org{.literal = "OpenAI Team"};
    EXPECT_EQ(format_name(org), "OpenAI Team");
    for (const Name& n : {plain, particle, suffix, org}) EXPECT_EQ(parse_name_cell(format_name(n)), n);
    for (const Name& n : {plain, particle, suffix, org}) EXPECT_EQ(parse_name_line(format_name_line(n)), n);
    EXPECT_EQ(format_name_line(plain), "LeCun || Yann");
    EXPECT_EQ(parse_name_cell("Guyon, I.").given, "I.");
    EXPECT_EQ(parse_name_cell("  Guyon, I. ").family, "Guyon");
}

TEST(CsvValues, DatesIsoWithTimeRangesAndLiterals) {
    Date d;
    ASSERT_TRUE(parse_date_cell("2015-05-28", d));
    EXPECT_EQ(d.parts, (std::vector<std::vector<int>>{{2015, 5, 28}}));
    EXPECT_EQ(format_date(d), "2015-05-28");
    Date t;
    ASSERT_TRUE(parse_date_cell("2024-01-15 10:00:00", t));
    EXPECT_EQ(t.parts, (std::vector<std::vector<int>>{{2024, 1, 15}}));
    EXPECT_EQ(format_date(t), "2024-01-15 10:00:00");
    Date r;
    ASSERT_TRUE(parse_date_cell("2019/2020-03", r));
    EXPECT_EQ(r.parts, (std::vector<std::vector<int>>{{2019}, {2020, 3}}));
    EXPECT_EQ(format_date(r), "2019/2020-03");
    Date bad;
    EXPECT_FALSE(parse_date_cell("sometime", bad));
    EXPECT_EQ(bad.literal, "sometime");
    EXPECT_EQ(format_date(bad), "sometime");
    Date month13;
    ASSERT_TRUE(parse_date_cell("2020", month13));
    int y = 0;
    EXPECT_TRUE(parse_year("2015", y));
    EXPECT_EQ(y, 2015);
    EXPECT_FALSE(parse_year("20x5", y));
    EXPECT_FALSE(parse_year("", y));
}

TEST(CsvValues, LinksWithRolesLabelsAndTheRecordUrl) {
    Link code{"code", "https://github.com/a/b", {}};
    EXPECT_EQ(format_link(code, "https://arxiv.org/abs/1"), "code: https://github.com/a/b");
    Link paper{"paper", "https://arxiv.org/abs/1", {}};
    EXPECT_EQ(format_link(paper, "https://arxiv.org/abs/1"), "paper");
    Link labelled{"slides", "https://x/s.pdf", "Slides"};
    EXPECT_EQ(format_link(labelled, ""), "slides (Slides): https://x/s.pdf");
    for (const Link& l : {code, paper, labelled}) {
        Link back;
        ASSERT_TRUE(parse_link(format_link(l, "https://arxiv.org/abs/1"), "https://arxiv.org/abs/1", back));
        EXPECT_EQ(back, l);
    }
    Link bare;
    ASSERT_TRUE(parse_link("https://example.org", "", bare));
    EXPECT_EQ(bare.role, "link");
    EXPECT_FALSE(parse_link("paper", "", bare));   // a bare role needs the record's URL
}

TEST(CsvValues, Flags) {
    EXPECT_EQ(parse_flag("true"), 1);
    EXPECT_EQ(parse_flag("Yes"), 1);
    EXPECT_EQ(parse_flag("\xF0\x9F\x8C\x9F"), 1);
    EXPECT_EQ(parse_flag(""), 0);
    EXPECT_EQ(parse_flag("no"), 0);
    EXPECT_EQ(parse_flag("maybe"), -1);
}

}  // namespace
