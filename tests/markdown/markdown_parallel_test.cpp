// SPDX-License-Identifier: MIT
// Large lists are read and written in ordered batches on two threads: the records, the text and
// the diagnostics must be exactly what one thread gives, whatever the batch size.
#include "markdown_test_util.hpp"

#include "../../plugins/markdown/inline_parser.hpp"

#include <bibport/text.hpp>

#include <random>
#include <fstream>
#include <unistd.h>
#include <string>

namespace {

using namespace mdtest;
using plugins::markdown::read_markdown;
using plugins::markdown::ReadSplit;
using plugins::markdown::write_markdown;
using plugins::markdown::WriteSplit;

/// A list with every kind of block whose reading depends on what came before it: prose before
/// the first record (the description), the document title, headings and bold pseudo-headings,
/// repeated aliases (ids), unknown venues (one note each), entries without a title (warnings),
/// sub-items that are papers of their own, tables and paragraphs.
std::string big_list(std::size_t n) {
    std::string md = "Some prose before the list.\n\nMore prose, a second paragraph.\n\n# Papers\n\nIntro text.\n\n";
    for (std::size_t i = 0; i < n; ++i) {
        const std::string k = std::to_string(i);
        if (i % 97 == 0) md += "\n## Section " + std::to_string(i / 97) + "\n\n";
        if (i % 53 == 0) md += "\n### Part " + k + "\n\n";
        if (i % 41 == 0) md += "\n**" + std::to_string(2000 + i % 25) + "**\n\n";
        switch (i % 9) {
            case 0:
                md += "- **[Alias" + std::to_string(i % 13) + "]** Title number " + k + " | **[CVPR'" +
                      std::to_string(10 + i % 10) + "]** | [`[paper]`](https://arxiv.org/abs/2101." +
                      std::to_string(10000 + i) + ") [`[code]`](https://github.com/x/y" + k + ")\n"
                      "  - *Kaiming He, Ross Girshick, Caf\xC3\xA9 Dupont*\n";
                break;
            case 1:
                md += "- **[Alias" + std::to_string(i % 13) + "]** | **[Venue" + std::to_string(i % 31) +
                      " 2021]** | [`[paper]`](https://arxiv.org/abs/2102." + std::to_string(10000 + i) + ")\n";
                break;
            case 2:
                md += "- [A linked title " + k + "](https://arxiv.org/abs/2103." + std::to_string(10000 + i) +
                      ") - Jane Doe, John Smith. NeurIPS 2020.\n"
                      "  - [A sub-paper " + k + "](https://arxiv.org/abs/2104." + std::to_string(10000 + i) + ")\n";
                break;
            case 3:
                md += "**Bold title " + k + "**  \nAuthor One, Author Two  \nICCV 2019 \xC2\xB7 [paper](https://arxiv.org/abs/2105." +
                      std::to_string(10000 + i) + ")\n\n";
                break;
            case 4:
                md += "\n| Title | Venue | Year | Code |\n|---|---|---|---|\n| Row title " + k +
                      " | ICLR | 2022 | [GitHub](https://github.com/a/b" + k + ") |\n| | CVPR | 2021 | |\n\n";
                break;
            case 5: md += "- **[OnlyAlias" + k + "]** \xF0\x9F\x8C\x9F [`[paper]`](https://arxiv.org/abs/2106.1)\n"; break;
            case 6: md += "- A plain item without a link " + k + "\n"; break;
            case 7:
                md += "- Title with *emphasis* and `code` " + k + " | **[Journal of Things'" + std::to_string(i % 10) +
                      "5]** *Chapter* | [URL](https://example.org/" + k + ") [doi:10.1000/" + k +
                      "](https://doi.org/10.1000/" + k + ")\n  - *Doe, Jane; van Beethoven, Ludwig*\n";
                break;
            default: md += "Just a paragraph of prose number " + k + ".\n\n"; break;
        }
    }
    return md;
}

struct Read {
    Bibliography bib;
    std::string diagnostics;
};

Read read_with(const std::string& md, ReadSplit split) {
    ReadResult out;
    read_markdown(md, context(), out, split);
    return {std::move(out.bibliography), diagnostics_text(out.diagnostics)};
}

TEST(MarkdownParallel, ReadingInBatchesGivesWhatOneThreadGives) {
    const std::string md = big_list(3000);
    const Read one = read_with(md, ReadSplit{0, 100000});   // one batch, this thread
    ASSERT_GT(one.bib.records.size(), 1500u);
    EXPECT_NE(one.diagnostics.find("venue.unknown"), std::string::npos);
    EXPECT_NE(one.diagnostics.find("(skip)"), std::string::npos);
    EXPECT_FALSE(one.bib.description.empty());
    for (ReadSplit split : {ReadSplit{0, 1}, ReadSplit{2, 1}, ReadSplit{2, 7}, ReadSplit{1, 64}, ReadSplit{2, 0}}) {
        const Read many = read_with(md, split);
        EXPECT_EQ(many.diagnostics, one.diagnostics) << split.workers << " workers, " << split.units_per_batch;
        EXPECT_EQ(dump(many.bib), dump(one.bib)) << split.workers << " workers, " << split.units_per_batch;
        EXPECT_TRUE(many.bib == one.bib) << split.workers << " workers, " << split.units_per_batch;
    }
    // What the reader gives is what the plugin's reader gives.
    const ReadResult plugin = read_md(md);
    EXPECT_TRUE(plugin.bibliography == one.bib);
    EXPECT_EQ(diagnostics_text(plugin.diagnostics), one.diagnostics);
}

TEST(MarkdownParallel, WritingInBatchesGivesWhatOneThreadGives) {
    const Read list = read_with(big_list(3000), ReadSplit{});
    Bibliography bib = list.bib;
    // Headings deeper than six levels and other sections: losses noted between records.
    for (std::size_t i = 0; i < bib.records.size(); i += 11)
        bib.records[i].sections = {"a", "b", "c", "d", "e", "f", "g " + std::to_string(i % 3)};
    for (std::size_t i = 0; i < bib.records.size(); i += 17) bib.records[i].keywords = {"k"};
    for (std::size_t i = 0; i < bib.records.size(); i += 23) bib.records[i].other_sections = {{"Again"}};
    for (const Options& options : {Options{}, Options{{"group", "year"}}, Options{{"group", "venue"}, {"authors", "none"}}}) {
        WriteResult one;
        write_markdown(bib, context(options, "out.md"), one, WriteSplit{0, 100000});
        ASSERT_FALSE(one.failed);
        EXPECT_NE(diagnostics_text(one.diagnostics).find("loss"), std::string::npos);
        for (WriteSplit split : {WriteSplit{0, 1}, WriteSplit{2, 1}, WriteSplit{2, 5}, WriteSplit{2, 0}}) {
            WriteResult many;
            write_markdown(bib, context(options, "out.md"), many, split);
            EXPECT_TRUE(many.text == one.text) << split.workers << " workers, " << split.records_per_batch;
            EXPECT_EQ(diagnostics_text(many.diagnostics), diagnostics_text(one.diagnostics))
                << split.workers << " workers, " << split.records_per_batch;
        }
        EXPECT_TRUE(write_md(bib, options).text == one.text);
    }
}

TEST(MarkdownParallel, EmptyAndTinyInputs) {
    for (ReadSplit split : {ReadSplit{0, 0}, ReadSplit{2, 1}}) {
        EXPECT_TRUE(read_with("", split).bib.records.empty());
        EXPECT_EQ(read_with("- **[A]** T | **[CVPR'20]**\n", split).bib.records.size(), 1u);
    }
    WriteResult a, b;
    write_markdown(Bibliography{}, context({}, "out.md"), a, WriteSplit{0, 0});
    write_markdown(Bibliography{}, context({}, "out.md"), b, WriteSplit{2, 1});
    EXPECT_EQ(a.text, b.text);
    EXPECT_EQ(a.text, "# Papers\n");
}

// normalized() skips work on text that is already normal or only needs NFC: it must give what
// text::normalize gives (or the trimmed text itself, when that is printable ASCII).
TEST(Normalized, AgreesWithTextNormalize) {
    const char* parts[] = {" ", "  ", "\t", "\n", "a", "B", "\xC3\xA9", "e\xCC\x81", "\xC2\xA0", "\xC2\x85",
                           "\xE2\x80\x80", "\xE2\x80\x8A", "\xE2\x80\x8B", "\xE2\x80\x93", "\xE2\x80\xA8",
                           "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80", "\xEF\xBB\xBF", "\xE1\x9A\x80",
                           "\xC0\xA0", "\xE0\x80\xA0", "\xF0\x80\x80\xA0", "\xF0\x9F\x8C\x9F", "\xFF", "\x80",
                           "\xE2\x80", "\x7F", "\x01", "\xEF\xBF\xBD", "\xED\xA0\x80", "\xC2", "Word",
                           "ab cd", "longer ASCII text, with punctuation."};
    auto expected = [](std::string_view s) {
        std::string_view t = s;
        while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
        while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
        bool ascii = true;
        for (std::size_t i = 0; ascii && i < t.size(); ++i) {
            auto c = static_cast<unsigned char>(t[i]);
            ascii = (c > ' ' && c < 0x7F) || (c == ' ' && t[i + 1] != ' ');
        }
        return ascii ? std::string(t) : text::normalize(s);
    };
    std::mt19937 rng(7);
    for (int it = 0; it < 200000; ++it) {
        std::string s;
        // Short texts, and long ones mostly of ASCII (tested eight bytes at a time).
        const bool long_text = it % 2 == 1;
        for (int k = static_cast<int>(rng() % (long_text ? 40 : 7)); k > 0; --k)
            s += long_text && rng() % 8 ? parts[std::size(parts) - 1 - rng() % 5] : parts[rng() % std::size(parts)];
        const std::string want = expected(s);
        std::string holder;
        ASSERT_EQ(plugins::markdown::normalized(std::string_view(s)), want) << it;
        ASSERT_EQ(plugins::markdown::normalized(std::string(s)), want) << it;
        ASSERT_EQ(plugins::markdown::normal_view(s, holder), want) << it;
    }
}

// The venue table and link kinds are read once per process and again when a file changes:
// a second read sees an edited venue table at once.
TEST(DataTables, AnEditedVenueTableIsReadAgain) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("bibport-venues-" + std::to_string(::getpid()));
    fs::create_directories(dir / "markdown");
    fs::copy_file(BIBPORT_SOURCE_DIR "/formats/markdown/links.yaml", dir / "markdown/links.yaml",
                  fs::copy_options::overwrite_existing);
    auto write_venues = [&](const std::string& title) {
        std::ofstream(dir / "venues.yaml") << "venues:\n  - short: FOO\n    type: paper-conference\n"
                                           << "    container-title: " << title << "\n";
    };
    auto container = [&] {
        plugins::markdown::MarkdownReader reader;
        Context ctx{.source_name = "list.md", .data_dir = dir.string(), .options = {}};
        ReadResult r = reader.read("# Papers\n\n- A Paper | **[FOO'20]**\n", ctx);
        EXPECT_EQ(r.bibliography.records.size(), 1u);
        return r.bibliography.records.empty() ? std::string() : std::string(r.bibliography.records[0].get("container-title"));
    };
    write_venues("Foo Conference");
    EXPECT_EQ(container(), "Foo Conference");
    EXPECT_EQ(container(), "Foo Conference");
    write_venues("Proceedings of the Foo Conference");
    EXPECT_EQ(container(), "Proceedings of the Foo Conference");
    fs::remove_all(dir);
}

}  // namespace
