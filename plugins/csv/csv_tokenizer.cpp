// SPDX-License-Identifier: MIT
#include "csv_tokenizer.hpp"

#include <cstring>

namespace bibport::plugins::csv {

std::size_t bom_length(std::string_view input) noexcept {
    return input.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0;
}

char detect_separator(std::string_view input) noexcept {
    std::size_t commas = 0, semicolons = 0, tabs = 0;
    bool quoted = false;
    for (char c : input) {
        if (c == '"') quoted = !quoted;   // a doubled quote toggles twice: still right
        else if (quoted) continue;
        else if (c == '\n' || c == '\r') break;
        else if (c == ',') ++commas;
        else if (c == ';') ++semicolons;
        else if (c == '\t') ++tabs;
    }
    if (tabs > commas && tabs >= semicolons) return '\t';
    if (semicolons > commas) return ';';
    return ',';
}

namespace {

bool blank(const Cell& cell) noexcept {
    for (char ch : cell.text)
        if (ch != ' ' && ch != '\t') return false;
    return true;
}

}  // namespace

std::uint32_t Tokenizer::column_of(std::string_view text, const Cell& cell) noexcept {
    std::uint32_t col = 1;
    for (std::size_t i = cell.line_start; i < cell.offset && i < text.size(); ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++col;
    return col;
}

void Tokenizer::read_plain(Cell& cell) {
    std::size_t start = pos_;
    while (pos_ < in_.size()) {
        char c = in_[pos_];
        if (c == sep_ || c == '\n' || c == '\r') break;
        ++pos_;
    }
    cell.text.assign(in_.data() + start, pos_ - start);
}

void Tokenizer::read_quoted(Cell& cell, Diagnostics& diags, Row& row) {
    ++pos_;   // the opening quote
    for (;;) {
        const char* base = in_.data() + pos_;
        const void* q = std::memchr(base, '"', in_.size() - pos_);
        std::size_t end = q ? static_cast<std::size_t>(static_cast<const char*>(q) - in_.data()) : in_.size();
        // Newlines inside the quotes still advance the line count.
        for (std::size_t i = pos_; i < end; ++i)
            if (in_[i] == '\n') new_line(i + 1);
        cell.text.append(base, end - pos_);
        if (!q) {
            pos_ = in_.size();
            row.broken = true;
            return;
        }
        pos_ = end + 1;
        if (pos_ < in_.size() && in_[pos_] == '"') {   // a doubled quote is one quote
            cell.text += '"';
            ++pos_;
            continue;
        }
        break;
    }
    // RFC 4180 allows nothing between the closing quote and the separator; keep what is there.
    if (pos_ < in_.size() && in_[pos_] != sep_ && in_[pos_] != '\n' && in_[pos_] != '\r') {
        std::uint32_t col = 1;
        for (std::size_t i = line_start_; i < pos_; ++i)
            if ((static_cast<unsigned char>(in_[i]) & 0xC0) != 0x80) ++col;
        diags.warning(line_, col, "expected a separator or the end of the row after the closing quote; "
                                  "the text that follows is kept in the field");
        std::size_t start = pos_;
        while (pos_ < in_.size() && in_[pos_] != sep_ && in_[pos_] != '\n' && in_[pos_] != '\r') ++pos_;
        cell.text.append(in_.data() + start, pos_ - start);
    }
}

bool Tokenizer::next(Row& row, Diagnostics& diags) {
    for (;;) {
        if (pos_ >= in_.size()) return false;
        row.cells.clear();
        row.line = line_;
        row.broken = false;
        row.too_wide = false;
        bool any_quoted = false;
        for (;;) {
            Cell cell;
            cell.offset = base_ + pos_;
            cell.line_start = base_ + line_start_;
            cell.line = line_;
            if (pos_ < in_.size() && in_[pos_] == '"') {
                any_quoted = true;
                read_quoted(cell, diags, row);
                if (row.broken) {
                    row.cells.push_back(std::move(cell));
                    return true;
                }
            } else {
                read_plain(cell);
            }
            if (row.cells.size() < kMaxFields) row.cells.push_back(std::move(cell));
            else row.too_wide = true;
            if (pos_ >= in_.size()) break;
            char c = in_[pos_];
            if (c == sep_) {
                ++pos_;
                if (pos_ >= in_.size()) {   // a separator at the very end: one more empty field
                    Cell last;
                    last.offset = base_ + pos_;
                    last.line_start = base_ + line_start_;
                    last.line = line_;
                    if (row.cells.size() < kMaxFields) row.cells.push_back(std::move(last));
                    break;
                }
                continue;
            }
            // c is '\r' or '\n': the end of the row (CRLF, LF or a lone CR).
            ++pos_;
            if (c == '\r' && pos_ < in_.size() && in_[pos_] == '\n') ++pos_;
            new_line(pos_);
            break;
        }
        // Blank lines (also of spaces and tabs only) between rows are not records.
        if (!any_quoted && row.cells.size() == 1 && blank(row.cells[0])) continue;
        return true;
    }
}

void Tokenizer::resume_after_line_of(const Cell& cell) noexcept {
    std::size_t at = cell.offset - base_;
    std::size_t end = in_.find_first_of("\r\n", at);
    line_ = cell.line;
    if (end == std::string_view::npos) {
        pos_ = in_.size();
        return;
    }
    pos_ = end + 1;
    if (in_[end] == '\r' && pos_ < in_.size() && in_[pos_] == '\n') ++pos_;
    new_line(pos_);
}

}  // namespace bibport::plugins::csv
