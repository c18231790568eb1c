// SPDX-License-Identifier: MIT
// The seed paper list (read by the markdown plugin) written as Zotero RDF: against a golden
// file reviewed by hand, and read back to the same records.
#include "../../plugins/markdown/markdown_reader.hpp"
#include "zotero_test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <pugixml.hpp>

namespace bibport::zotero_test {
namespace {

const Bibliography& seed() {
    static const Bibliography bib = [] {
        plugins::markdown::MarkdownReader reader;
        std::string text = testing::slurp(std::filesystem::path(BIBPORT_SHARED_DIR) / "seeds" /
                                          "self-supervised-pretraining.md");
        ReadResult r = reader.read(text, context("self-supervised-pretraining.md"));
        EXPECT_FALSE(r.diagnostics.has_errors());
        return r.bibliography;
    }();
    return bib;
}

TEST(ZoteroRdfSeed, WritesTheGoldenFile) {
    ASSERT_EQ(seed().records.size(), 81u);
    WriteResult w = write_rdf(seed());
    EXPECT_FALSE(w.failed);
    // The document title and its prose have no place in Zotero RDF, and say so.
    EXPECT_EQ(diagnostics_text(w.diagnostics),
              "<input>: warning: zotero rdf has no document title; 'Self-Supervised Pretraining' not written\n"
              "<input>: warning: zotero rdf has no document description; it is not written\n");
    std::filesystem::path golden = data_dir / "seed.golden.rdf";
    if (std::getenv("BIBPORT_UPDATE_GOLDEN")) testing::spit(golden, w.text);
    EXPECT_EQ(w.text, testing::slurp(golden));
}

TEST(ZoteroRdfSeed, ReadsBackToTheSameRecords) {
    WriteResult w = write_rdf(seed());
    ReadResult back = read_rdf(w.text, "seed.rdf");
    EXPECT_EQ(diagnostics_text(back.diagnostics), "");
    EXPECT_EQ(back.bibliography.sections, seed().sections);
    ASSERT_EQ(back.bibliography.records.size(), seed().records.size());
    for (std::size_t i = 0; i < seed().records.size(); ++i)
        EXPECT_EQ(to_text(comparable(back.bibliography.records[i])), to_text(comparable(seed().records[i])));
}

TEST(ZoteroRdfSeed, StructureZoteroImports) {
    pugi::xml_document doc;
    ASSERT_TRUE(doc.load_string(write_rdf(seed()).text.c_str()));
    pugi::xml_node root = doc.document_element();
    std::size_t items = 0, stars = 0, code_links = 0, preprints = 0, conference_papers = 0;
    for (auto n : root.children()) {
        std::string type = n.child_value("z:itemType");
        if (type == "attachment") {
            // Titled by the role, or by the list's label with the role as dc:type.
            std::string role = n.child("dc:type") ? n.child_value("dc:type") : n.child_value("dc:title");
            code_links += role == "code";
            EXPECT_STREQ(n.child_value("z:linkMode"), "3");
            continue;
        }
        if (std::string(n.name()) == "z:Collection" || type.empty()) continue;
        ++items;
        preprints += type == "preprint";
        conference_papers += type == "conferencePaper";
        for (auto tag : n.children("dc:subject")) stars += std::string(tag.child_value()) == "\u2605 highlight";
        EXPECT_TRUE(n.child("dc:title")) << n.attribute("rdf:about").value();
        EXPECT_TRUE(n.child("dc:date")) << n.attribute("rdf:about").value();
    }
    EXPECT_EQ(items, 81u);
    std::size_t seed_stars = 0, seed_code = 0;
    for (const auto& r : seed().records) {
        seed_stars += r.highlight;
        for (const auto& l : r.links) seed_code += l.role == "code";
    }
    EXPECT_EQ(stars, seed_stars);
    EXPECT_EQ(code_links, seed_code);
    EXPECT_EQ(preprints + conference_papers, items);
}

}  // namespace
}  // namespace bibport::zotero_test
