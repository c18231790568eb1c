// SPDX-License-Identifier: MIT
// Person names: BibTeX's rules (btxdoc), formatting back, and paper-list author lines.
#include <bibport/names.hpp>

#include <gtest/gtest.h>

#include <ostream>
#include <random>
#include <string>
#include <vector>

namespace bibport {

// Readable failure messages for Name.
void PrintTo(const Name& n, std::ostream* os) {
    *os << "{given='" << n.given << "' particle='" << n.non_dropping_particle << "' family='" << n.family
        << "' suffix='" << n.suffix << "' literal='" << n.literal << "'}";
}

namespace {

Name person(std::string given, std::string particle, std::string family, std::string suffix = "") {
    Name n;
    n.given = std::move(given);
    n.non_dropping_particle = std::move(particle);
    n.family = std::move(family);
    n.suffix = std::move(suffix);
    return n;
}

Name organisation(std::string literal) {
    Name n;
    n.literal = std::move(literal);
    return n;
}

struct NameCase {
    const char* input;
    Name expected;
};

// Each expectation worked out by hand from btxdoc's rules: von starts at the first lower-case
// word (never the last word in "First von Last"), and in "von Last, First" ends at the last
// lower-case word before the final one.
const std::vector<NameCase>& bibtex_cases() {
    static const std::vector<NameCase> cases = {
        {"Donald E. Knuth", person("Donald E.", "", "Knuth")},
        {"D. E. Knuth", person("D. E.", "", "Knuth")},
        {"Knuth, D. E.", person("D. E.", "", "Knuth")},
        {"Knuth, Donald E.", person("Donald E.", "", "Knuth")},
        {"  Knuth ,   Donald\tE. ", person("Donald E.", "", "Knuth")},
        {"Charles Louis Xavier Joseph de la Vallee Poussin",
         person("Charles Louis Xavier Joseph", "de la", "Vallee Poussin")},
        {"Vallée Poussin, Charles Louis Xavier Joseph de la",
         person("Charles Louis Xavier Joseph de la", "", "Vallée Poussin")},
        {"De la Vallée Poussin, Charles", person("Charles", "De la", "Vallée Poussin")},
        {"Ford, Jr., Henry", person("Henry", "", "Ford", "Jr.")},
        {"King, Jr., Martin Luther", person("Martin Luther", "", "King", "Jr.")},
        {"Gates, III, William Henry", person("William Henry", "", "Gates", "III")},
        {"Ford, Jr.,", person("", "", "Ford", "Jr.")},
        {"Émile Zola", person("Émile", "", "Zola")},
        {"Jean-Paul Sartre", person("Jean-Paul", "", "Sartre")},
        {"Sartre, Jean-Paul", person("Jean-Paul", "", "Sartre")},
        {"Jean-Baptiste Poquelin", person("Jean-Baptiste", "", "Poquelin")},
        {"Mary Smith-Jones", person("Mary", "", "Smith-Jones")},
        {"Shin-ichi Maeda", person("Shin-ichi", "", "Maeda")},   // BibTeX itself would make "ichi" von
        {"Jun-ya Takahashi de la Cruz", person("Jun-ya Takahashi", "de la", "Cruz")},
        {"von Neumann, John", person("John", "von", "Neumann")},
        {"John von Neumann", person("John", "von", "Neumann")},
        {"Johann {von} Neumann", person("Johann von", "", "Neumann")},   // braces hide the case
        {"Brinch Hansen, Per", person("Per", "", "Brinch Hansen")},
        {"Per Brinch Hansen", person("Per Brinch", "", "Hansen")},       // why it is written inverted
        {"{Brinch Hansen}, Per", person("Per", "", "Brinch Hansen")},
        {"Ludwig van Beethoven", person("Ludwig", "van", "Beethoven")},
        {"Jean de La Fontaine", person("Jean", "de", "La Fontaine")},
        {"de La Fontaine, Jean", person("Jean", "de", "La Fontaine")},
        {"Laurens van der Maaten", person("Laurens", "van der", "Maaten")},
        {"van der Maaten, Laurens", person("Laurens", "van der", "Maaten")},
        {"jean de la fontaine", person("", "jean de la", "fontaine")},  // Last is never empty
        {"Aristotle", person("", "", "Aristotle")},
        {"Kaiming He", person("Kaiming", "", "He")},
        {"Yann LeCun", person("Yann", "", "LeCun")},
        {"Gaston d'Alembert", person("Gaston", "", "d'Alembert")},
        {"Jean le Rond d'Alembert", person("Jean", "le", "Rond d'Alembert")},
        {"{IEEE} Standards Association", person("IEEE Standards", "", "Association")},
        {"Jean {\\'e}t{\\'e} Martin", person("Jean", "\\'et\\'e", "Martin")},   // special character
        {"Jean {\\'E}tienne Martin", person("Jean \\'Etienne", "", "Martin")},
        {"Jean {\\ae}gir Martin", person("Jean", "\\aegir", "Martin")},        // foreign letter \ae
        {"Émile~Zola", person("Émile", "", "Zola")},
        {"Émile\xC2\xA0Zola", person("Émile", "", "Zola")},
        {"{Barnes and Noble, Inc.}", organisation("Barnes and Noble, Inc.")},
        {"{World Health Organization}", organisation("World Health Organization")},
        {"  {{IEEE} Computer Society} ", organisation("IEEE Computer Society")},
        {"others", organisation("others")},
    };
    return cases;
}

TEST(ParseName, BibtexRules) {
    for (const auto& c : bibtex_cases()) EXPECT_EQ(names::parse_name(c.input), c.expected) << c.input;
}

TEST(ParseName, EmptyInputGivesEmptyName) {
    EXPECT_EQ(names::parse_name(""), Name{});
    EXPECT_EQ(names::parse_name("   "), Name{});
}

TEST(ParseName, OthersIsTheMarker) {
    EXPECT_TRUE(names::parse_name("others").is_others());
    EXPECT_EQ(names::parse_name(" others "), names::others());
    EXPECT_FALSE(names::parse_name("Others").is_others());
    EXPECT_FALSE(names::parse_name("others, Jr.,").is_others());
}

TEST(ParseName, BracesAroundPartOfTheNameAreNotALiteral) {
    Name n = names::parse_name("{IEEE} Standards Association");
    EXPECT_FALSE(n.is_literal());
    n = names::parse_name("{Barnes} and {Noble}");
    EXPECT_FALSE(n.is_literal());
    EXPECT_EQ(n, person("Barnes", "and", "Noble"));
}

TEST(FormatInverted, KnownForms) {
    EXPECT_EQ(names::format_inverted(names::parse_name("John von Neumann")), "von Neumann, John");
    EXPECT_EQ(names::format_inverted(names::parse_name("Ford, Jr., Henry")), "Ford, Jr., Henry");
    EXPECT_EQ(names::format_inverted(names::parse_name("D. E. Knuth")), "Knuth, D. E.");
    EXPECT_EQ(names::format_inverted(names::parse_name("Jean de La Fontaine")), "de La Fontaine, Jean");
    EXPECT_EQ(names::format_inverted(names::parse_name("Aristotle")), "Aristotle");
    EXPECT_EQ(names::format_inverted(names::parse_name("{World Health Organization}")),
              "{World Health Organization}");
    EXPECT_EQ(names::format_inverted(names::others()), "others");
    EXPECT_EQ(names::format_inverted(person("", "", "Brinch Hansen")), "Brinch Hansen,");
    EXPECT_EQ(names::format_inverted(person("", "", "Ford", "Jr.")), "Ford, Jr.,");
    EXPECT_EQ(names::format_inverted(person("Per", "", "de la Cruz")), "{de la Cruz}, Per");
    EXPECT_EQ(names::format_inverted(person("A, B", "", "Smith")), "Smith, {A, B}");
    EXPECT_EQ(names::format_inverted(Name{}), "");
}

TEST(FormatInverted, ACapitalisedParticleIsBracedUpToItsFirstLowerCaseLetter) {
    EXPECT_EQ(names::format_inverted(person("María", "Dela", "Cruz")), "{D}ela Cruz, María");
    // A command's letters are not the text's: no brace right after a backslash (found by
    // fuzzing: "M\lu" became "{M\}lu", whose escaped brace left the value unbalanced).
    EXPECT_EQ(names::format_inverted(person("María", "M\\lu", "Díaz")), "M\\lu Díaz, María");
    EXPECT_EQ(names::format_inverted(person("María", "M\\l{}ela", "Díaz")), "{M\\l{}}ela Díaz, María");
}

TEST(FormatInverted, RoundTripsEveryParsedName) {
    for (const auto& c : bibtex_cases()) {
        Name parsed = names::parse_name(c.input);
        std::string written = names::format_inverted(parsed);
        EXPECT_EQ(names::parse_name(written), parsed) << c.input << " -> " << written;
    }
}

TEST(FormatInverted, RoundTripsGeneratedNames) {
    // Words of every kind glued or spaced at random: capitals, lower case, hyphens, ties,
    // commas, protected groups, non-Latin script. Fixed seed, so a failure is reproducible.
    const std::vector<std::string> pool = {
        "Jean", "de", "la", "Fontaine", "von", "Neumann", "Jr.", "III", "{IEEE}", "{von}", "{de la}", "D.", "E.",
        "Smith-Jones", "jean-paul", "\xC3\x89mile", "and", "others", "{Barnes and Noble}", ",", ",", "-", "~",
        "d'Alembert", "Van", "Der", "\xC3\x89" "COLE", "\xC3\xA9lan", "123", "\xE6\x9D\x8E"};
    std::mt19937 rng(20240601);
    for (int iter = 0; iter < 20000; ++iter) {
        std::string input;
        for (std::size_t words = 1 + rng() % 6; words > 0; --words) {
            if (!input.empty() && rng() % 4 != 0) input += ' ';
            input += pool[rng() % pool.size()];
        }
        Name parsed = names::parse_name(input);
        std::string written = names::format_inverted(parsed);
        ASSERT_EQ(names::parse_name(written), parsed) << input << " -> " << written;
    }
}

TEST(ParseName, UnbalancedAndEmptyGroups) {
    EXPECT_EQ(names::parse_name("Jean de la Fontaine }"), person("Jean", "de la", "Fontaine"));
    EXPECT_EQ(names::parse_name("{Jean de"), person("Jean", "", "de"));
    EXPECT_EQ(names::parse_name("Knuth {}, Donald"), person("Donald", "", "Knuth"));
    EXPECT_EQ(names::parse_name("Donald { } Knuth"), person("Donald", "", "Knuth"));
    EXPECT_EQ(names::parse_name("{}"), Name{});
}

TEST(FormatInverted, RoundTripsNamesBuiltElsewhere) {
    // Names a CSL or Zotero reader may produce, which parse_name would not write that way.
    const std::vector<Name> built = {
        person("", "", "Brinch Hansen"),
        person("Per", "", "de la Cruz"),
        person("", "", "de la Cruz"),
        person("Mary", "", "Smith, Jones"),
        person("Mary", "", "Rock and Roll"),
        person("Jean", "de", "la Fontaine"),
        person("", "", "Ford", "Jr."),
        person("", "", "others"),
        person("Henry", "", "", ""),
        organisation("Barnes and Noble, Inc."),
        organisation("Some Org"),
        names::others(),
    };
    for (const Name& n : built) {
        std::string written = names::format_inverted(n);
        EXPECT_EQ(names::parse_name(written), n) << written;
    }
}

TEST(FormatDisplay, NaturalOrder) {
    EXPECT_EQ(names::format_display(names::parse_name("von Neumann, John")), "John von Neumann");
    EXPECT_EQ(names::format_display(names::parse_name("Ford, Jr., Henry")), "Henry Ford, Jr.");
    EXPECT_EQ(names::format_display(names::parse_name("Aristotle")), "Aristotle");
    EXPECT_EQ(names::format_display(names::parse_name("{Barnes and Noble, Inc.}")), "Barnes and Noble, Inc.");
    EXPECT_EQ(names::format_display(names::others()), "et al.");
    Name dropping = person("Jean", "", "La Fontaine");
    dropping.dropping_particle = "de";
    EXPECT_EQ(names::format_display(dropping), "Jean de La Fontaine");
}

TEST(ParseBibtexNames, SplitsOnAndOutsideBraces) {
    auto list = names::parse_bibtex_names("Knuth, Donald E. and Lamport, Leslie");
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0], person("Donald E.", "", "Knuth"));
    EXPECT_EQ(list[1], person("Leslie", "", "Lamport"));

    list = names::parse_bibtex_names("{Barnes and Noble, Inc.} and Ford, Jr., Henry AND others");
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[0], organisation("Barnes and Noble, Inc."));
    EXPECT_EQ(list[1], person("Henry", "", "Ford", "Jr."));
    EXPECT_TRUE(list[2].is_others());

    list = names::parse_bibtex_names("A. One\tand\nB. Two   aNd C. Three");
    ASSERT_EQ(list.size(), 3u);
    EXPECT_EQ(list[2], person("C.", "", "Three"));

    // "and" inside a word, or glued to one, does not split.
    list = names::parse_bibtex_names("Alexander Anderson and Sandy Andrews");
    ASSERT_EQ(list.size(), 2u);
    EXPECT_EQ(list[0], person("Alexander", "", "Anderson"));
    EXPECT_EQ(names::parse_bibtex_names("Brand,and Co").size(), 1u);

    EXPECT_TRUE(names::parse_bibtex_names("").empty());
    EXPECT_TRUE(names::parse_bibtex_names("  ").empty());
}

struct ListCase {
    const char* input;
    std::vector<Name> expected;
};

TEST(ParseNameList, PaperListAuthorLines) {
    const Name et_al = names::others();
    const std::vector<ListCase> cases = {
        {"Kaiming He, Haoqi Fan, Yuxin Wu, Saining Xie, Ross Girshick",
         {person("Kaiming", "", "He"), person("Haoqi", "", "Fan"), person("Yuxin", "", "Wu"),
          person("Saining", "", "Xie"), person("Ross", "", "Girshick")}},
        {"Kaiming He, Haoqi Fan and Ross Girshick",
         {person("Kaiming", "", "He"), person("Haoqi", "", "Fan"), person("Ross", "", "Girshick")}},
        {"Kaiming He, Haoqi Fan, and Ross Girshick.",
         {person("Kaiming", "", "He"), person("Haoqi", "", "Fan"), person("Ross", "", "Girshick")}},
        {"Kaiming He & Ross Girshick", {person("Kaiming", "", "He"), person("Ross", "", "Girshick")}},
        {"He K, Fan H", {person("K", "", "He"), person("H", "", "Fan")}},
        {"He K., Fan H., Girshick RB", {person("K.", "", "He"), person("H.", "", "Fan"), person("RB", "", "Girshick")}},
        {"van der Maaten L, Hinton G", {person("L", "van der", "Maaten"), person("G", "", "Hinton")}},
        {"A. Author; B. Author", {person("A.", "", "Author"), person("B.", "", "Author")}},
        {"He, Kaiming; Fan, Haoqi", {person("Kaiming", "", "He"), person("Haoqi", "", "Fan")}},
        {"He, Kaiming and Fan, Haoqi", {person("Kaiming", "", "He"), person("Haoqi", "", "Fan")}},
        {"Knuth, D. E.", {person("D. E.", "", "Knuth")}},
        {"Knuth, D. E., Lamport, L.", {person("D. E.", "", "Knuth"), person("L.", "", "Lamport")}},
        {"*He et al.*", {person("", "", "He"), et_al}},
        {"He et al.", {person("", "", "He"), et_al}},
        {"Kaiming He et al.", {person("Kaiming", "", "He"), et_al}},
        {"Kaiming He, Haoqi Fan, et al.", {person("Kaiming", "", "He"), person("Haoqi", "", "Fan"), et_al}},
        {"Kaiming He and others", {person("Kaiming", "", "He"), et_al}},
        {"_Kaiming He et. al_", {person("Kaiming", "", "He"), et_al}},
        {"**Kaiming He**, Ross Girshick", {person("Kaiming", "", "He"), person("Ross", "", "Girshick")}},
        {"Ludwig van Beethoven", {person("Ludwig", "van", "Beethoven")}},
        {"Jean de La Fontaine, Molière", {person("Jean", "de", "La Fontaine"), person("", "", "Molière")}},
        {"Aristotle", {person("", "", "Aristotle")}},
        {"Aristotle, Plato", {person("", "", "Aristotle"), person("", "", "Plato")}},
        {"Martin Luther King Jr., Ross Girshick",
         {person("Martin Luther", "", "King", "Jr."), person("Ross", "", "Girshick")}},
        {"Henry Ford, Jr., Edsel Ford", {person("Henry", "", "Ford", "Jr."), person("Edsel", "", "Ford")}},
        {"Jean-Paul Sartre; Simone de Beauvoir",
         {person("Jean-Paul", "", "Sartre"), person("Simone", "de", "Beauvoir")}},
        {"{World Health Organization}, Kaiming He",
         {organisation("World Health Organization"), person("Kaiming", "", "He")}},
        {"Jean de La Fontaine Jr.; Kaiming\tHe", {person("Jean", "de", "La Fontaine", "Jr."), person("Kaiming", "", "He")}},
        {"Maaten LJP; Hinton G", {person("LJP", "", "Maaten"), person("G", "", "Hinton")}},
        {"Ross Girshick.; Kaiming  He", {person("Ross", "", "Girshick"), person("Kaiming", "", "He")}},
        {"et al.", {et_al}},
        {"", {}},
    };
    for (const auto& c : cases) EXPECT_EQ(names::parse_name_list(c.input), c.expected) << c.input;
}

TEST(ParseNameList, DisplayFormRoundTrips) {
    // What a paper-list writer prints with format_display reads back the same.
    const std::vector<Name> list = {person("Kaiming", "", "He"), person("Ludwig", "van", "Beethoven"),
                                    person("Henry", "", "Ford", "Jr."), person("", "", "Aristotle"),
                                    names::others()};
    std::string line;
    for (const Name& n : list) line += (line.empty() ? "" : ", ") + names::format_display(n);
    EXPECT_EQ(line, "Kaiming He, Ludwig van Beethoven, Henry Ford, Jr., Aristotle, et al.");
    EXPECT_EQ(names::parse_name_list(line), list);
}

}  // namespace
}  // namespace bibport
