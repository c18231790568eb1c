// SPDX-License-Identifier: MIT
// Unit tests of the core: registry, detection, atomic output, option checks.
#include "atomic_file.hpp"
#include "detect.hpp"
#include "input_text.hpp"
#include "pipeline.hpp"
#include "common/run.hpp"

#include <gtest/gtest.h>

#include <sys/stat.h>

using namespace bibport;
using namespace bibport::core;
using bibport::testing::TempDir;

namespace {

class ProbeReader final : public ReaderBase {
public:
    explicit ProbeReader(std::string magic) : magic_(std::move(magic)) {}
    int probe(std::string_view head) const noexcept override { return head.rfind(magic_, 0) == 0 ? 40 + static_cast<int>(magic_.size()) : 0; }

protected:
    void do_read(std::string_view, const Context&, ReadResult&) override {}

private:
    std::string magic_;
};

class FakeFormat final : public Format {
public:
    FakeFormat(std::string id, std::vector<std::string> exts, std::string magic, bool writable = true) {
        info_.id = std::move(id);
        info_.extensions = std::move(exts);
        info_.aliases = {info_.id + "-alias"};
        info_.can_read = true;
        info_.can_write = writable;
        info_.write_options = {{"wopt", "", "a write option"}};
        info_.read_options = {{"ropt", "", "a read option"}};
        magic_ = std::move(magic);
    }
    const FormatInfo& info() const noexcept override { return info_; }
    std::unique_ptr<Reader> make_reader() const noexcept override { return std::make_unique<ProbeReader>(magic_); }
    std::unique_ptr<Writer> make_writer() const noexcept override { return nullptr; }

private:
    FormatInfo info_;
    std::string magic_;
};

RegisteredFormat fake(std::string id, std::vector<std::string> exts, std::string magic, bool writable = true) {
    RegisteredFormat f;
    f.format = std::make_shared<FakeFormat>(std::move(id), std::move(exts), std::move(magic), writable);
    f.origin = "built-in";
    return f;
}

Registry sample_registry() {
    Registry reg;
    reg.add(fake("bibtex", {"bib"}, "@"));
    reg.add(fake("biblatex", {"bib"}, "@online"));
    reg.add(fake("csljson", {"json"}, "["));
    reg.add(fake("readonly", {"ro"}, "RO", false));
    return reg;
}

}  // namespace

TEST(Registry, FindsByIdAndAliasIgnoringCase) {
    Registry reg = sample_registry();
    EXPECT_EQ(reg.find("BibTeX")->info().id, "bibtex");
    EXPECT_EQ(reg.find("csljson-alias")->info().id, "csljson");
    EXPECT_EQ(reg.find("ris"), nullptr);
}

TEST(Registry, RefusesATakenIdAndSaysWhoHasIt) {
    Registry reg = sample_registry();
    std::string taken_by;
    auto dup = fake("bibtex", {"bib"}, "@");
    dup.origin = "second.so";
    EXPECT_FALSE(reg.add(dup, &taken_by));
    EXPECT_EQ(taken_by, "built-in");
    EXPECT_EQ(reg.formats().size(), 4u);
}

TEST(Registry, ListsIdsForMessages) {
    Registry reg = sample_registry();
    EXPECT_EQ(reg.id_list(false, true), "bibtex, biblatex, csljson");
    EXPECT_EQ(reg.id_list(true, false), "bibtex, biblatex, csljson, readonly");
}

TEST(Detect, ExtensionIsLowerCasedAndTakenFromTheFileNameOnly) {
    EXPECT_EQ(extension_of("dir.v2/refs.BIB"), "bib");
    EXPECT_EQ(extension_of("dir.v2/README"), "");
    EXPECT_EQ(extension_of(".hidden"), "");
    EXPECT_EQ(extension_of("a.tar.gz"), "gz");
}

TEST(Detect, ExtensionFirstThenProbingAmongFormatsSharingIt) {
    Registry reg = sample_registry();
    EXPECT_EQ(detect_input_format(reg, "x.json", "anything")->info().id, "csljson");
    EXPECT_EQ(detect_input_format(reg, "x.bib", "@online{a,}")->info().id, "biblatex");
    EXPECT_EQ(detect_input_format(reg, "x.bib", "@article{a,}")->info().id, "bibtex");
    // No format probes positively: the first registered for the extension.
    EXPECT_EQ(detect_input_format(reg, "x.bib", "%% nothing")->info().id, "bibtex");
}

TEST(Detect, ContentProbingWithoutExtension) {
    Registry reg = sample_registry();
    EXPECT_EQ(detect_input_format(reg, "-", "[{}]")->info().id, "csljson");
    EXPECT_EQ(detect_input_format(reg, "notes.txt", "RO data")->info().id, "readonly");
    EXPECT_EQ(detect_input_format(reg, "notes.txt", "plain prose"), nullptr);
}

TEST(Detect, OutputFormatFromExtensionMustBeWritable) {
    Registry reg = sample_registry();
    EXPECT_EQ(output_format_for_path(reg, "out.json")->info().id, "csljson");
    EXPECT_EQ(output_format_for_path(reg, "out.ro"), nullptr);
    EXPECT_EQ(output_format_for_path(reg, "out"), nullptr);
}

TEST(Options, UnknownKeyIsAUsageErrorListingAcceptedKeys) {
    Registry reg = sample_registry();
    const auto* f = reg.find("bibtex");
    EXPECT_NO_THROW(check_options({{"ropt", "1"}, {"wopt", "2"}}, f, f));
    try {
        check_options({{"nope", "1"}}, f, f);
        FAIL() << "expected a UsageError";
    } catch (const UsageError& e) {
        EXPECT_STREQ(e.what(), "unknown option 'nope'; accepted here: ropt, wopt");
    }
    // A read option is not accepted when only the writer is involved.
    EXPECT_THROW(check_options({{"ropt", "1"}}, nullptr, f), UsageError);
}

TEST(Options, ReadOptionsCountForTheFormatsTheInputsMayBeReadAs) {
    Registry reg = sample_registry();
    auto ids = [&](ConvertRequest r) {
        std::string out;
        for (const auto* f : input_formats_for(reg, r)) out += (out.empty() ? "" : ",") + f->info().id;
        return out;
    };
    ConvertRequest bib;
    bib.inputs = {"refs.bib"};
    EXPECT_EQ(ids(bib), "bibtex,biblatex");   // no -f: the extension's readers
    ConvertRequest forced = bib;
    forced.from = "csljson";
    EXPECT_EQ(ids(forced), "csljson");
    ConvertRequest mixed;
    mixed.inputs = {"a.bib", "b.json", "c.BIB"};
    EXPECT_EQ(ids(mixed), "bibtex,biblatex,csljson");
    ConvertRequest unknown;
    unknown.inputs = {"notes.txt"};   // the content decides: every readable format
    EXPECT_EQ(ids(unknown), "bibtex,biblatex,csljson,readonly");
    ConvertRequest stdin_only;
    EXPECT_EQ(ids(stdin_only), "bibtex,biblatex,csljson,readonly");
    ConvertRequest readonly;
    readonly.inputs = {"x.ro"};
    EXPECT_EQ(ids(readonly), "readonly");

    // "convert refs.bib --option ropt=1" names a read option of the .bib reader without -f.
    const auto* json = reg.find("csljson");
    EXPECT_NO_THROW(check_options({{"ropt", "1"}}, input_formats_for(reg, bib), json));
    EXPECT_THROW(check_options({{"nope", "1"}}, input_formats_for(reg, bib), json), UsageError);
}

TEST(AtomicFile, ReplacesTheFileAndKeepsItsMode) {
    TempDir dir;
    auto path = dir / "out.txt";
    bibport::testing::spit(path, "old");
    ::chmod(path.c_str(), 0640);
    std::string error;
    ASSERT_TRUE(write_file_atomically(path, "new content", error)) << error;
    EXPECT_EQ(bibport::testing::slurp(path), "new content");
    struct stat st {};
    ::stat(path.c_str(), &st);
    EXPECT_EQ(st.st_mode & 0777, 0640u);
    // No temporary file is left beside it.
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST(AtomicFile, FailureLeavesNothingBehind) {
    TempDir dir;
    std::string error;
    EXPECT_FALSE(write_file_atomically(dir / "missing-folder/out.txt", "x", error));
    EXPECT_NE(error.find("cannot create a file in"), std::string::npos);
    EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 0);
}

TEST(AtomicFile, ReadWholeFileReportsMissingFilesAndFolders) {
    TempDir dir;
    std::string out, error;
    EXPECT_FALSE(read_whole_file((dir / "nope").string(), out, error));
    EXPECT_EQ(error, "No such file or directory");
    EXPECT_FALSE(read_whole_file(dir.path().string(), out, error));
    EXPECT_EQ(error, "is a directory");
    bibport::testing::spit(dir / "f", std::string("a\0b", 3));
    ASSERT_TRUE(read_whole_file((dir / "f").string(), out, error));
    EXPECT_EQ(out, std::string("a\0b", 3));
}

TEST(Diagnostics, FormatLikeACompiler) {
    Diagnostic d{Severity::error, "refs.bib", 12, 5, "smith2020", "unterminated brace in field 'title'", ""};
    EXPECT_EQ(d.format(), "refs.bib:12:5: error: unterminated brace in field 'title' [smith2020]");
    Diagnostic w{Severity::warning, "", 0, 0, "", "no position", ""};
    EXPECT_EQ(w.format(), "<input>: warning: no position");
}

TEST(Diagnostics, LineIndexCountsCodePointColumns) {
    std::string text = "ab\nçd\n\nx";
    LineIndex idx(text);
    EXPECT_EQ(idx.line(0), 1u);
    EXPECT_EQ(idx.line(3), 2u);
    EXPECT_EQ(idx.column(5), 2u);   // 'd' after a two-byte 'ç'
    EXPECT_EQ(idx.line(7), 3u);
    EXPECT_EQ(idx.line(8), 4u);
    EXPECT_EQ(idx.column(8), 1u);
}

TEST(InputText, BadBytesAreFoundAtEveryPositionOfAWord) {
    // The check reads ASCII sixteen or eight bytes at a time: a bad byte (NUL, a stray continuation byte,
    // 0xFF) or a good multi-byte character must be handled at any offset within the words.
    for (std::size_t at = 0; at < 40; ++at) {   // two sixteen-byte steps and a tail
        for (std::string bad : {std::string(1, '\0'), std::string("\x80"), std::string("\xFF")}) {
            std::string text(40, 'a');
            text.replace(at, 1, bad);
            std::vector<Diagnostic> diags;
            ASSERT_TRUE(prepare_input_text(text, "in.txt", diags)) << at;
            ASSERT_EQ(diags.size(), 1u) << at;
            EXPECT_EQ(diags[0].column, at + 1) << at;
            EXPECT_EQ(text, std::string(at, 'a') + "\xEF\xBF\xBD" + std::string(39 - at, 'a')) << at;
        }
        std::string good(40, 'a');
        good.replace(at, 1, "\xC3\xA9");   // é
        std::string copy = good;
        std::vector<Diagnostic> diags;
        ASSERT_TRUE(prepare_input_text(good, "in.txt", diags));
        EXPECT_TRUE(diags.empty()) << at;
        EXPECT_EQ(good, copy);
    }
}

TEST(InputText, LargeTextsCheckedInHalvesFindTheFirstBadByte) {
    // From 8 MiB on the two halves are checked at once, split before a character: multi-byte
    // characters and bad bytes across the middle, and a bad byte in each half (the first wins).
    const std::size_t size = (std::size_t(8) << 20) + 1000, mid = size / 2;
    std::string base(size, 'a');
    for (std::size_t i = 99; i < size; i += 100) base[i] = '\n';
    auto first_error = [](std::string text) {
        std::vector<Diagnostic> diags;
        EXPECT_TRUE(prepare_input_text(text, "in.txt", diags));
        return diags.empty() ? std::string("none") : std::to_string(diags[0].line) + ":" + std::to_string(diags[0].column) +
                                                         " " + diags[0].message.substr(0, 9);
    };
    EXPECT_EQ(first_error(base), "none");
    for (std::size_t at = mid - 4; at <= mid + 4; ++at) {
        for (std::string good : {"\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"}) {
            std::string t = base;
            t.replace(at, good.size(), good);
            EXPECT_EQ(first_error(t), "none") << at << " " << good.size();
            std::string cut = t;   // the character without its last byte
            cut[at + good.size() - 1] = 'a';
            EXPECT_EQ(first_error(cut).substr(0, first_error(cut).find(' ')),
                      std::to_string(at / 100 + 1) + ":" + std::to_string(at % 100 + 1))
                << at << " " << good.size();
        }
    }
    std::string two = base;
    two[mid + 10] = '\xFF';
    two[mid - 10] = '\0';
    EXPECT_EQ(first_error(two), std::to_string((mid - 10) / 100 + 1) + ":" + std::to_string((mid - 10) % 100 + 1) + " 2 bytes a");
    std::string second_only = base;
    second_only[size - 2] = '\x80';
    EXPECT_EQ(first_error(second_only), std::to_string((size - 2) / 100 + 1) + ":" + std::to_string((size - 2) % 100 + 1) + " 1 byte is");
}

TEST(Diagnostics, LineIndexMatchesCountingOnLongLines) {
    // Lines longer than the 4 KiB blocks whose columns are kept, multi-byte characters across
    // block boundaries, and short lines between them: every offset against plain counting.
    std::string text;
    for (int i = 0; i < 3000; ++i) text += (i % 7 == 0) ? "\xC3\xA9" : (i % 13 == 0) ? "\xE2\x82\xAC" : "a";
    text += "\nshort\n\n";
    for (int i = 0; i < 9000; ++i) text += (i % 5 == 0) ? "\xF0\x9F\x98\x80" : "b";
    // A long line that ends exactly on a 4 KiB boundary, then one more line.
    text += "\n";
    text += std::string(4096 * 5 - text.size() % 4096, 'c');
    text += "\nend";
    ASSERT_EQ(text.find("\nend") % 4096, 0u);
    LineIndex idx(text);
    std::uint32_t line = 1, col = 1;
    for (std::size_t offset = 0; offset <= text.size(); ++offset) {
        ASSERT_EQ(idx.line(offset), line) << offset;
        ASSERT_EQ(idx.column(offset), col) << offset;
        if (offset == text.size()) break;
        const auto c = static_cast<unsigned char>(text[offset]);
        if (c == '\n') {
            ++line;
            col = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++col;   // a character starts here (offsets inside it share the next column)
        }
    }
}
