// SPDX-License-Identifier: MIT
// Round trips: zotero-rdf -> record -> zotero-rdf, and zotero-rdf -> csljson -> zotero-rdf
// through the CSL plugin, keep every field Zotero's notes list.
#include "../../plugins/csl/csl_formats.hpp"
#include "seed_like_records.hpp"
#include "zotero_test_support.hpp"

#include <gtest/gtest.h>

namespace bibport::zotero_test {
namespace {

Bibliography through_rdf(const Bibliography& bib) {
    WriteResult w = write_rdf(bib);
    EXPECT_EQ(diagnostics_text(w.diagnostics), "");
    ReadResult r = read_rdf(w.text, "trip.rdf");
    EXPECT_EQ(diagnostics_text(r.diagnostics), "");
    return r.bibliography;
}

Bibliography through_csljson(const Bibliography& bib, const std::string& expected_losses = "") {
    plugins::csl::CslJsonWriter writer;
    WriteResult w = writer.write(bib, context("trip.json"));
    EXPECT_EQ(diagnostics_text(w.diagnostics), expected_losses);
    plugins::csl::CslJsonReader reader;
    ReadResult r = reader.read(w.text, context("trip.json"));
    EXPECT_FALSE(r.diagnostics.has_errors()) << diagnostics_text(r.diagnostics);
    return r.bibliography;
}

/// A title-short equal to the alias is Zotero's short title once (the records' convention);
/// the CSL leg may derive it from the alias.
Bibliography without_alias_title_short(Bibliography bib) {
    for (auto& r : bib.records)
        if (!r.alias.empty() && r.get("title-short") == r.alias) r.erase("title-short");
    return bib;
}

void expect_same_records(const Bibliography& got, const Bibliography& want) {
    ASSERT_EQ(got.records.size(), want.records.size());
    for (std::size_t i = 0; i < want.records.size(); ++i)
        EXPECT_EQ(to_text(comparable(got.records[i])), to_text(comparable(want.records[i])));
}

std::vector<std::filesystem::path> rdf_inputs() {
    return {corpus_dir / "zotero-rdf-export.rdf", data_dir / "library.rdf"};
}

/// What CSL itself cannot hold (and the CSL writer reports), per input: Zotero creator roles
/// without a CSL name variable, which Zotero's own CSL export drops as well.
struct CslLoss {
    std::string diagnostics, lines;
};
CslLoss csl_loss(const std::filesystem::path& file) {
    if (file.filename() == "library.rdf")
        return {"<input>: warning: name role 'programmer' is not a CSL name variable; not written [pre2021]\n",
                "  names programmer: Doe, Jane\n"};
    return {};
}

TEST(ZoteroRdfRoundTrip, RdfRecordRdfKeepsEverything) {
    for (const auto& file : rdf_inputs()) {
        SCOPED_TRACE(file.string());
        ReadResult first = read_rdf(testing::slurp(file), file.filename().string());
        ASSERT_FALSE(first.bibliography.records.empty());
        Bibliography again = through_rdf(first.bibliography);
        expect_same_records(again, first.bibliography);
        EXPECT_EQ(again.sections, first.bibliography.sections);
    }
}

/// The lines of `want` that `got` lacks.
std::string missing_lines(const std::string& got, const std::string& want) {
    std::string missing;
    std::size_t pos = 0;
    while (pos < want.size()) {
        std::size_t end = want.find('\n', pos);
        std::string line = want.substr(pos, end - pos + 1);
        if (got.find(line) == std::string::npos) missing += line;
        pos = end + 1;
    }
    return missing;
}

// zotero-rdf -> csljson -> zotero-rdf: every fact of the first reading is still there (the CSL
// leg may add some, e.g. title-short from the alias), and the RDF leg changes nothing.
TEST(ZoteroRdfRoundTrip, RdfCslJsonRdfKeepsEveryField) {
    for (const auto& file : rdf_inputs()) {
        SCOPED_TRACE(file.string());
        ReadResult first = read_rdf(testing::slurp(file), file.filename().string());
        CslLoss loss = csl_loss(file);
        Bibliography via_csl = through_csljson(first.bibliography, loss.diagnostics);
        Bibliography back = through_rdf(via_csl);
        expect_same_records(back, without_alias_title_short(via_csl));
        ASSERT_EQ(back.records.size(), first.bibliography.records.size());
        std::string missing;
        for (std::size_t i = 0; i < back.records.size(); ++i)
            missing += missing_lines(to_text(comparable(back.records[i])),
                                     to_text(comparable(first.bibliography.records[i])));
        EXPECT_EQ(missing, loss.lines);
        EXPECT_EQ(back.sections, first.bibliography.sections);
    }
}

TEST(ZoteroRdfRoundTrip, SeedLikeListThroughCslJsonAndRdf) {
    Bibliography bib = seed_like_list();
    Bibliography via_csl = through_csljson(through_rdf(bib));
    Bibliography back = through_rdf(via_csl);
    expect_same_records(back, without_alias_title_short(via_csl));
    EXPECT_EQ(back.sections, bib.sections);
    for (std::size_t i = 0; i < bib.records.size(); ++i)
        EXPECT_EQ(missing_lines(to_text(comparable(back.records.at(i))), to_text(comparable(bib.records[i]))), "");
}

}  // namespace
}  // namespace bibport::zotero_test
