// SPDX-License-Identifier: MIT
// Dates: every form dates.hpp promises, checked by hand, and format_iso as their inverse.
#include <bibport/dates.hpp>

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

namespace bibport {

void PrintTo(const Date& d, std::ostream* os) {
    *os << "{parts=[";
    for (const auto& p : d.parts) {
        *os << "[";
        for (int v : p) *os << v << ",";
        *os << "]";
    }
    *os << "] season='" << d.season.text << "' circa='" << d.circa.text << "' literal='" << d.literal << "'}";
}

namespace {

using Parts = std::vector<std::vector<int>>;

Date date(Parts parts, int season = 0, bool circa = false) {
    Date d;
    d.parts = std::move(parts);
    if (season) d.season = Value{std::to_string(season), Value::Kind::number};
    if (circa) d.circa = Value{"true", Value::Kind::boolean};
    return d;
}

Date literal(std::string text) {
    Date d;
    d.literal = std::move(text);
    return d;
}

struct DateCase {
    const char* input;
    Date expected;
};

const std::vector<DateCase>& date_cases() {
    static const std::vector<DateCase> cases = {
        // ISO / EDTF
        {"2020", date({{2020}})},
        {" 2020 ", date({{2020}})},
        {"2020-05", date({{2020, 5}})},
        {"2020-05-28", date({{2020, 5, 28}})},
        {"2020-5-8", date({{2020, 5, 8}})},
        {"2020-05-28T10:15:00Z", date({{2020, 5, 28}})},
        {"2020-05-28 10:15:00", date({{2020, 5, 28}})},
        {"2020-02-29", date({{2020, 2, 29}})},
        {"1900-02-28", date({{1900, 2, 28}})},
        {"-0044-03-15", date({{-44, 3, 15}})},
        {"850", date({{850}})},
        // slashes and RIS
        {"2020/05/28", date({{2020, 5, 28}})},
        {"2020/05", date({{2020, 5}})},
        {"2015/05/28/", date({{2015, 5, 28}})},
        {"2017///", date({{2017}})},
        {"2017/05//", date({{2017, 5}})},
        {"2017///Spring", date({{2017}}, 1)},
        // month names
        {"May 2020", date({{2020, 5}})},
        {"Sept. 2020", date({{2020, 9}})},
        {"September 2020", date({{2020, 9}})},
        {"sep 2020", date({{2020, 9}})},
        {"Dec. 1999", date({{1999, 12}})},
        {"28 May 2020", date({{2020, 5, 28}})},
        {"28. May 2020", date({{2020, 5, 28}})},
        {"May 28, 2020", date({{2020, 5, 28}})},
        {"May 28th, 2020", date({{2020, 5, 28}})},
        {"2020 May 28", date({{2020, 5, 28}})},
        {"2020 May", date({{2020, 5}})},
        // ranges
        {"2019/2020", date({{2019}, {2020}})},
        {"2019--2020", date({{2019}, {2020}})},
        {"2019-2020", date({{2019}, {2020}})},
        {"2019\xE2\x80\x93" "2020", date({{2019}, {2020}})},
        {"2020-05-01/2020-05-03", date({{2020, 5, 1}, {2020, 5, 3}})},
        {"2020-05-01--2020-06-03", date({{2020, 5, 1}, {2020, 6, 3}})},
        {"28-30 May 2020", date({{2020, 5, 28}, {2020, 5, 30}})},
        {"May 28-30, 2020", date({{2020, 5, 28}, {2020, 5, 30}})},
        {"2020 May-Jun", date({{2020, 5}, {2020, 6}})},
        {"May 2019 - June 2020", date({{2019, 5}, {2020, 6}})},
        // seasons
        {"Spring 2020", date({{2020}}, 1)},
        {"Summer 2020", date({{2020}}, 2)},
        {"Fall 2020", date({{2020}}, 3)},
        {"Autumn 2020", date({{2020}}, 3)},
        {"Winter 2019", date({{2019}}, 4)},
        {"2020 Spring", date({{2020}}, 1)},
        {"2020-21", date({{2020}}, 1)},
        {"2020-24", date({{2020}}, 4)},
        // circa
        {"ca. 1850", date({{1850}}, 0, true)},
        {"ca 1850", date({{1850}}, 0, true)},
        {"c. 1850", date({{1850}}, 0, true)},
        {"c1850", date({{1850}}, 0, true)},
        {"circa 1850", date({{1850}}, 0, true)},
        {"Circa May 1850", date({{1850, 5}}, 0, true)},
        {"1850~", date({{1850}}, 0, true)},
        {"1850?", date({{1850}}, 0, true)},
        {"1850-05%", date({{1850, 5}}, 0, true)},
        // not dates: kept as written
        {"2020-13-01", literal("2020-13-01")},
        {"2020-13", literal("2020-13")},
        {"2020-00", literal("2020-00")},
        {"2020-05-00", literal("2020-05-00")},
        {"2020/00/01", literal("2020/00/01")},
        {"0 May 2020", literal("0 May 2020")},
        {"2020-02-30", literal("2020-02-30")},
        {"2019-02-29", literal("2019-02-29")},
        {"1900-02-29", literal("1900-02-29")},
        {"2020/13/01", literal("2020/13/01")},
        {"32 May 2020", literal("32 May 2020")},
        {"2020-25", literal("2020-25")},
        {"2019-20", literal("2019-20")},
        {"Spring", literal("Spring")},
        {"May", literal("May")},
        {"May 28", literal("May 28")},
        {"20", literal("20")},
        {"n.d.", literal("n.d.")},
        {"forthcoming", literal("forthcoming")},
        {"Sometime in 2020", literal("Sometime in 2020")},
        {"05/28/2020", literal("05/28/2020")},
        {"Spring 2020/Summer 2020", literal("Spring 2020/Summer 2020")},
        {"ca. soon", literal("ca. soon")},
        {"May 5 2020 2021", literal("May 5 2020 2021")},
        {"May 20202020202020", literal("May 20202020202020")},
    };
    return cases;
}

TEST(ParseDate, Table) {
    for (const auto& c : date_cases()) {
        Date d = dates::parse_date(c.input);
        EXPECT_EQ(d, c.expected) << c.input;
        EXPECT_TRUE(d.raw.empty()) << c.input;
    }
}

TEST(ParseDate, EmptyInputGivesEmptyDate) {
    EXPECT_TRUE(dates::parse_date("").empty());
    EXPECT_TRUE(dates::parse_date("  ").empty());
}

TEST(ParseDate, SeasonAndCircaKinds) {
    Date d = dates::parse_date("Winter 2019");
    EXPECT_EQ(d.season.text, "4");
    EXPECT_EQ(d.season.kind, Value::Kind::number);
    d = dates::parse_date("circa 1850");
    EXPECT_EQ(d.circa.text, "true");
    EXPECT_EQ(d.circa.kind, Value::Kind::boolean);
    EXPECT_EQ(d.year(), 1850);
}

TEST(FormatIso, SimpleForms) {
    EXPECT_EQ(dates::format_iso(date({{2020}})), "2020");
    EXPECT_EQ(dates::format_iso(date({{2020, 5}})), "2020-05");
    EXPECT_EQ(dates::format_iso(date({{2020, 5, 28}})), "2020-05-28");
    EXPECT_EQ(dates::format_iso(date({{850}})), "0850");
    EXPECT_EQ(dates::format_iso(date({{-44, 3, 15}})), "-0044-03-15");
    EXPECT_EQ(dates::format_iso(date({{2019}, {2020}})), "2019/2020");
    EXPECT_EQ(dates::format_iso(date({{2020, 5, 1}, {2020, 5, 3}})), "2020-05-01/2020-05-03");
    EXPECT_EQ(dates::format_iso(date({{2020}}, 1)), "2020-21");
    EXPECT_EQ(dates::format_iso(date({{1850}}, 0, true)), "1850~");
    EXPECT_EQ(dates::format_iso(literal("forthcoming")), "forthcoming");
    EXPECT_EQ(dates::format_iso(Date{}), "");
    Date named_season = date({{2020}});
    named_season.season = Value{"Autumn", Value::Kind::string};
    EXPECT_EQ(dates::format_iso(named_season), "2020-23");
}

TEST(FormatIso, InverseOfParse) {
    for (const auto& c : date_cases()) {
        Date d = dates::parse_date(c.input);
        std::string iso = dates::format_iso(d);
        EXPECT_EQ(dates::parse_date(iso), d) << c.input << " -> " << iso;
    }
}

TEST(MonthFromName, NamesAndAbbreviations) {
    EXPECT_EQ(dates::month_from_name("jan"), 1);
    EXPECT_EQ(dates::month_from_name("January"), 1);
    EXPECT_EQ(dates::month_from_name("FEB"), 2);
    EXPECT_EQ(dates::month_from_name("May"), 5);
    EXPECT_EQ(dates::month_from_name("June"), 6);
    EXPECT_EQ(dates::month_from_name("Sept."), 9);
    EXPECT_EQ(dates::month_from_name("sept"), 9);
    EXPECT_EQ(dates::month_from_name("Sep"), 9);
    EXPECT_EQ(dates::month_from_name("Dec."), 12);
    EXPECT_EQ(dates::month_from_name("december"), 12);
    EXPECT_EQ(dates::month_from_name("ju"), 0);
    EXPECT_EQ(dates::month_from_name(""), 0);
    EXPECT_EQ(dates::month_from_name("."), 0);
    EXPECT_EQ(dates::month_from_name("Mayo"), 0);
    EXPECT_EQ(dates::month_from_name("decade"), 0);
    EXPECT_EQ(dates::month_from_name("Decembers"), 0);
}

TEST(ExpandTwoDigitYear, Pivot) {
    EXPECT_EQ(dates::expand_two_digit_year(0), 2000);
    EXPECT_EQ(dates::expand_two_digit_year(20), 2020);
    EXPECT_EQ(dates::expand_two_digit_year(69), 2069);
    EXPECT_EQ(dates::expand_two_digit_year(70), 1970);
    EXPECT_EQ(dates::expand_two_digit_year(99), 1999);
}

}  // namespace
}  // namespace bibport
