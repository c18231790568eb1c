// SPDX-License-Identifier: MIT
// The CSL-JSON writer prints large inputs on two threads: the text and the diagnostics must be
// exactly what one thread gives, item by item, in order.
#include "csl_formats.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace bibport;

Record make_record(std::size_t i) {
    Record r;
    r.id = "item" + std::to_string(i);
    r.citation_key = r.id;
    // Every seventh record has a type CSL does not know: one loss diagnostic, keyed by the record.
    r.type = i % 7 == 0 ? "not-a-csl-type" : "article-journal";
    r.set("title", "Title number " + std::to_string(i) + " with \"quotes\" and caf\xC3\xA9");
    r.set("volume", std::to_string(i % 97), Value::Kind::number);
    Name n;
    n.family = "Family" + std::to_string(i);
    n.given = "Given";
    r.names_for("author").push_back(n);
    Date d;
    d.name = "issued";
    d.parts = {{2000 + static_cast<int>(i % 25), 1 + static_cast<int>(i % 12)}};
    r.dates.push_back(d);
    return r;
}

// The text of one item as the writer prints it inside the array.
std::string item_text(const Record& r, const Context& ctx) {
    Bibliography one;
    one.records.push_back(r);
    std::string text = plugins::csl::CslJsonWriter().write(one, ctx).text;
    // "[\n" item "\n]\n"
    return text.substr(2, text.size() - 2 - 3);
}

TEST(CslJsonParallelWrite, SameTextAndDiagnosticsAsItemByItem) {
    const Context ctx{"big.json", BIBPORT_SOURCE_DIR "/formats", {}};
    Bibliography bib;
    const std::size_t n = 9001;   // well above the size that uses a second thread, odd on purpose
    for (std::size_t i = 0; i < n; ++i) bib.records.push_back(make_record(i));

    WriteResult all = plugins::csl::CslJsonWriter().write(bib, ctx);
    ASSERT_FALSE(all.failed);

    std::string expected = "[";
    for (std::size_t i = 0; i < n; ++i) expected += (i ? ",\n" : "\n") + item_text(bib.records[i], ctx);
    expected += "\n]\n";
    EXPECT_EQ(all.text.size(), expected.size());
    EXPECT_TRUE(all.text == expected);

    std::vector<std::string> keys;
    for (const auto& d : all.diagnostics.items())
        if (d.code == "loss.type") keys.push_back(d.record_key);
    ASSERT_EQ(keys.size(), (n + 6) / 7);
    for (std::size_t k = 0; k < keys.size(); ++k) EXPECT_EQ(keys[k], "item" + std::to_string(k * 7)) << k;
}

TEST(CslJsonParallelWrite, EmptyAndSmallInputs) {
    const Context ctx{"small.json", BIBPORT_SOURCE_DIR "/formats", {}};
    EXPECT_EQ(plugins::csl::CslJsonWriter().write(Bibliography{}, ctx).text, "[]\n");
    Bibliography two;
    two.records = {make_record(1), make_record(2)};
    std::string text = plugins::csl::CslJsonWriter().write(two, ctx).text;
    EXPECT_EQ(text, "[\n" + item_text(two.records[0], ctx) + ",\n" + item_text(two.records[1], ctx) + "\n]\n");
}

}  // namespace
