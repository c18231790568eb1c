// SPDX-License-Identifier: MIT
#include "csv_plugin.hpp"

#include "csv_reader.hpp"
#include "csv_writer.hpp"

namespace bibport::plugins::csv {
namespace {

std::vector<OptionSpec> read_options() {
    return {
        {"profile", "auto", "column profile: auto (recognised from the header row), a name under "
                            "formats/csv/profiles (zotero, simple) or a path to a .yaml file"},
        {"separator", "auto", "auto (detected from the header row), comma, semicolon or tab"},
        {"escape-formulas", "true", "true: remove the apostrophe written in front of cells starting with = + - @"},
    };
}

std::vector<OptionSpec> write_options(std::string_view separator) {
    return {
        {"profile", "zotero", "column profile: a name under formats/csv/profiles (zotero, simple) or a path"},
        {"separator", std::string(separator), "comma, semicolon or tab"},
        {"newline", "crlf", "crlf (RFC 4180) or lf"},
        {"bom", "profile", "true or false: start with a UTF-8 byte-order mark (the zotero profile does, "
                           "as Zotero and spreadsheets expect; simple does not)"},
        {"quote-all", "profile", "true or false: quote every cell (the zotero profile does, as Zotero)"},
        {"escape-formulas", "true", "true: put an apostrophe in front of cells starting with = + - @, tab or "
                                    "CR so that spreadsheets do not run them"},
    };
}

}  // namespace

FormatList make_formats() {
    FormatList out;
    out.push_back(std::make_unique<SimpleFormat<CsvReader, CsvWriter>>(FormatInfo{
        .id = "csv",
        .display_name = "CSV (Zotero columns or a profile)",
        .extensions = {"csv"},
        .media_types = {"text/csv"},
        .read_options = read_options(),
        .write_options = write_options("comma"),
        .description = "comma-separated values: Zotero's CSV export columns, or a column profile",
    }));
    out.push_back(std::make_unique<SimpleFormat<CsvReader, TsvWriter>>(FormatInfo{
        .id = "tsv",
        .display_name = "TSV (tab-separated, CSV profiles)",
        .extensions = {"tsv", "tab"},
        .media_types = {"text/tab-separated-values"},
        .read_options = read_options(),
        .write_options = write_options("tab"),
        .description = "tab-separated values with the same column profiles as csv",
    }));
    return out;
}

}  // namespace bibport::plugins::csv
