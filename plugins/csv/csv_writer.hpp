// SPDX-License-Identifier: MIT
#pragma once

#include <bibport/format.hpp>

namespace bibport::plugins::csv {

/// Writes one row per record, with the columns of a profile (default "zotero").
class CsvWriter : public WriterBase {
public:
    /// `separator` is the default of the "separator" option: ',' for csv, '\t' for tsv.
    explicit CsvWriter(char separator = ',') noexcept : default_separator_(separator) {}

protected:
    void do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) override;

private:
    char default_separator_;
};

class TsvWriter final : public CsvWriter {
public:
    TsvWriter() noexcept : CsvWriter('\t') {}
};

/// The separator an option names: "comma", "semicolon", "tab" or the character itself;
/// 0 for anything else.
char separator_from_option(std::string_view value) noexcept;

}  // namespace bibport::plugins::csv
