// SPDX-License-Identifier: MIT
// The seed paper list through markdown -> csv -> markdown, with both CSV profiles.
#include "csv_test_util.hpp"

#include "../../plugins/markdown/markdown_reader.hpp"
#include "../../plugins/markdown/markdown_writer.hpp"

#include <gtest/gtest.h>

using namespace csvtest;

namespace {

Bibliography read_markdown(std::string_view text) {
    plugins::markdown::MarkdownReader reader;
    auto res = reader.read(text, context({}, "seed.md"));
    EXPECT_FALSE(res.diagnostics.has_errors()) << errors_of(res.diagnostics);
    return std::move(res.bibliography);
}

std::string write_markdown(const Bibliography& bib) {
    plugins::markdown::MarkdownWriter writer;
    auto res = writer.write(bib, context({}, "out.md"));
    EXPECT_FALSE(res.failed) << errors_of(res.diagnostics);
    return res.text;
}

/// What the issue asks to survive: alias, star, title, venue, year, links and sections.
std::string list_fields(const Record& r) {
    std::string out = r.alias + " | " + (r.highlight ? "*" : "-") + " | " + std::string(r.get("title")) + " | " +
                      std::string(r.get("container-title-short")) + " / " + std::string(r.get("container-title")) +
                      " | " + std::to_string(r.year()) + " | ";
    for (const auto& l : r.links) out += l.role + "=" + l.url + " ";
    out += "| ";
    for (const auto& s : r.sections) out += s + " > ";
    return out;
}

class SeedThroughCsv : public ::testing::TestWithParam<const char*> {};

TEST_P(SeedThroughCsv, ListFieldsAndMarkdownSurvive) {
    std::string seed = slurp(BIBPORT_SHARED_DIR "/seeds/self-supervised-pretraining.md");
    ASSERT_FALSE(seed.empty());
    Bibliography first = read_markdown(seed);
    ASSERT_EQ(first.records.size(), 81u);   // the seed's README: 81 entries under four year headings

    auto csv = write_csv(first, {{"profile", GetParam()}});
    ASSERT_FALSE(csv.failed) << errors_of(csv.diagnostics);
    EXPECT_TRUE(csv.diagnostics.items().empty()) << errors_of(csv.diagnostics);
    auto back = read_csv(csv.text);
    EXPECT_TRUE(back.diagnostics.items().empty()) << errors_of(back.diagnostics);
    ASSERT_EQ(back.bibliography.records.size(), first.records.size());
    for (std::size_t i = 0; i < first.records.size(); ++i)
        EXPECT_EQ(list_fields(back.bibliography.records[i]), list_fields(first.records[i])) << "entry " << i;

    // The markdown written from the CSV records is the markdown written from the originals
    // (document-level text such as the list's title is not a record and does not pass CSV).
    back.bibliography.title = first.title;
    back.bibliography.description = first.description;
    back.bibliography.sections = first.sections;
    back.bibliography.extra = first.extra;
    EXPECT_EQ(write_markdown(back.bibliography), write_markdown(first));
}

INSTANTIATE_TEST_SUITE_P(CsvProfiles, SeedThroughCsv, ::testing::Values("zotero", "simple"));

}  // namespace
