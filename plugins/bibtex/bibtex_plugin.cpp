// SPDX-License-Identifier: MIT
#include "bibtex_plugin.hpp"

#include "bibtex_reader.hpp"
#include "bibtex_writer.hpp"

namespace bibport::plugins::bibtex {
namespace {

// A Format whose reader and writer know their dialect.
class BibFormat final : public Format {
public:
    BibFormat(FormatInfo info, Dialect dialect) : info_(std::move(info)), dialect_(dialect) {
        info_.can_read = info_.can_write = true;
    }
    const FormatInfo& info() const noexcept override { return info_; }
    std::unique_ptr<Reader> make_reader() const noexcept override {
        try { return std::make_unique<BibtexReader>(dialect_); } catch (...) { return nullptr; }
    }
    std::unique_ptr<Writer> make_writer() const noexcept override {
        try { return std::make_unique<BibtexWriter>(dialect_); } catch (...) { return nullptr; }
    }

private:
    FormatInfo info_;
    Dialect dialect_;
};

std::vector<OptionSpec> write_options(bool bibtex) {
    return {
        {"ascii", "false",
         bibtex ? "true: non-ASCII characters as LaTeX commands ({\\\"u}); false: UTF-8 (modern bibtex and pdflatex read it)"
                : "true: non-ASCII characters as LaTeX commands; false: UTF-8 (what biber expects)"},
        {"resolve", "false",
         "true: write @string macros and crossref/xdata fields expanded into every entry; false: write them back as the input had them"},
    };
}

std::vector<OptionSpec> read_options() {
    return {{"threads", "2", "2: a large file is parsed and converted by two threads (same result); 1: one thread"},
            {"piece-kb", "128", "a large file is parsed and converted in stretches of about this many KiB (same result)"}};
}

}  // namespace

FormatList make_formats() {
    FormatList out;
    FormatInfo bibtex{.id = "bibtex", .display_name = "BibTeX", .aliases = {"bib"}, .extensions = {"bib"},
                      .media_types = {"application/x-bibtex"}};
    bibtex.read_options = read_options();
    bibtex.write_options = write_options(true);
    bibtex.description = "BibTeX .bib files (reads BibLaTeX fields too; writes what bibtex and plain.bst accept)";
    out.push_back(std::make_unique<BibFormat>(bibtex, Dialect::bibtex));
    FormatInfo biblatex{.id = "biblatex", .display_name = "BibLaTeX", .aliases = {}, .extensions = {"bib"},
                        .media_types = {"application/x-biblatex"}};
    biblatex.read_options = read_options();
    biblatex.write_options = write_options(false);
    biblatex.description = "BibLaTeX .bib files for biber (date, journaltitle, eprinttype, UTF-8)";
    out.push_back(std::make_unique<BibFormat>(biblatex, Dialect::biblatex));
    return out;
}

}  // namespace bibport::plugins::bibtex
