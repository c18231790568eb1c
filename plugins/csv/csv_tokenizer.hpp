// SPDX-License-Identifier: MIT
// RFC 4180 tokenizer: splits CSV text into rows of cells, with positions for diagnostics.
#pragma once

#include <bibport/diagnostics.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace bibport::plugins::csv {

/// One field of a row, unquoted and with doubled quotes undone.
struct Cell {
    std::string text;
    std::size_t offset = 0;       ///< byte offset of the field's first character
    std::size_t line_start = 0;   ///< byte offset of the line it starts on
    std::uint32_t line = 0;       ///< 1-based
};

struct Row {
    std::vector<Cell> cells;
    std::uint32_t line = 0;       ///< where the row starts
    bool broken = false;          ///< an unterminated quote swallowed the rest of the input
    bool too_wide = false;        ///< cells past kMaxFields were not kept
};

/// The most fields a row may have; more are reported and not kept, so one hostile line
/// cannot make the reader allocate without bound.
inline constexpr std::size_t kMaxFields = 100000;

/// The separator the header line uses: ',', ';' or '\t', whichever occurs most often outside
/// quotes (',' when none does).
char detect_separator(std::string_view input) noexcept;

/// Length of a UTF-8 byte-order mark at the start of `input` (0 or 3).
std::size_t bom_length(std::string_view input) noexcept;

class Tokenizer {
public:
    /// `input` must outlive the tokenizer; a BOM should already be cut off (offsets are
    /// relative to `input`, and `base` is added so that they match the caller's text).
    Tokenizer(std::string_view input, char separator, std::size_t base = 0) noexcept
        : in_(input), sep_(separator), base_(base) {}

    /// Reads the next row that is not a blank line (empty or only spaces and tabs); false at the end of the input. Problems that do not
    /// stop the row (text after a closing quote) are added to `diags`.
    bool next(Row& row, Diagnostics& diags);

    /// After a broken row: goes on with the line after the one `cell` (the unclosed quoted
    /// field) starts on. The quote swallowed the rest of the input, but the lines after its
    /// own are most likely rows of their own.
    void resume_after_line_of(const Cell& cell) noexcept;

    /// 1-based column (in code points) of a cell within `text`, the caller's whole input.
    static std::uint32_t column_of(std::string_view text, const Cell& cell) noexcept;

private:
    void read_quoted(Cell& cell, Diagnostics& diags, Row& row);
    void read_plain(Cell& cell);
    void new_line(std::size_t next_line_start) noexcept {
        ++line_;
        line_start_ = next_line_start;
    }

    std::string_view in_;
    char sep_;
    std::size_t base_;
    std::size_t pos_ = 0;
    std::size_t line_start_ = 0;
    std::uint32_t line_ = 1;
};

}  // namespace bibport::plugins::csv
