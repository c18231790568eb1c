// SPDX-License-Identifier: MIT
#include "../../plugins/csv/csv_tokenizer.hpp"

#include <gtest/gtest.h>

using namespace bibport;
using namespace bibport::plugins::csv;

namespace {

std::vector<std::vector<std::string>> rows_of(std::string_view text, char sep, Diagnostics* diags = nullptr) {
    Diagnostics local;
    Tokenizer tok(text, sep);
    std::vector<std::vector<std::string>> out;
    Row row;
    while (tok.next(row, diags ? *diags : local)) {
        out.emplace_back();
        for (auto& c : row.cells) out.back().push_back(c.text);
        if (row.broken) out.back().push_back("<broken>");
    }
    return out;
}

using Rows = std::vector<std::vector<std::string>>;

TEST(CsvTokenizer, QuotedFieldsKeepSeparatorsQuotesAndNewlines) {
    EXPECT_EQ(rows_of("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"x\r\ny\",,z\r\n", ','),
              (Rows{{"a", "b,c", "say \"hi\""}, {"x\r\ny", "", "z"}}));
}

TEST(CsvTokenizer, AcceptsLfCrAndMissingFinalNewline) {
    EXPECT_EQ(rows_of("a,b\nc,d\re,f", ','), (Rows{{"a", "b"}, {"c", "d"}, {"e", "f"}}));
}

TEST(CsvTokenizer, BlankLinesAreNotRowsButAQuotedEmptyFieldIs) {
    EXPECT_EQ(rows_of("a\n\n\r\nb\n\"\"\n", ','), (Rows{{"a"}, {"b"}, {""}}));
}

TEST(CsvTokenizer, TrailingSeparatorGivesAnEmptyLastField) {
    EXPECT_EQ(rows_of("a,b,", ','), (Rows{{"a", "b", ""}}));
    EXPECT_EQ(rows_of("a,b,\n", ','), (Rows{{"a", "b", ""}}));
}

TEST(CsvTokenizer, LineNumbersCountNewlinesInsideQuotes) {
    std::string_view text = "h1,h2\n\"multi\nline\",x\nlast,row\n";
    Diagnostics d;
    Tokenizer tok(text, ',');
    Row row;
    ASSERT_TRUE(tok.next(row, d));
    ASSERT_TRUE(tok.next(row, d));
    EXPECT_EQ(row.line, 2u);
    EXPECT_EQ(row.cells[1].line, 3u);
    EXPECT_EQ(Tokenizer::column_of(text, row.cells[1]), 7u);   // after `line",`
    ASSERT_TRUE(tok.next(row, d));
    EXPECT_EQ(row.line, 4u);
}

TEST(CsvTokenizer, ColumnsCountCodePoints) {
    std::string_view text = "é,ü,x";
    Diagnostics d;
    Tokenizer tok(text, ',');
    Row row;
    ASSERT_TRUE(tok.next(row, d));
    EXPECT_EQ(Tokenizer::column_of(text, row.cells[2]), 5u);
}

TEST(CsvTokenizer, TextAfterClosingQuoteIsKeptWithAWarning) {
    Diagnostics d;
    EXPECT_EQ(rows_of("\"ab\"cd,e\n", ',', &d), (Rows{{"abcd", "e"}}));
    ASSERT_EQ(d.items().size(), 1u);
    EXPECT_EQ(d.items()[0].line, 1u);
    EXPECT_EQ(d.items()[0].column, 5u);
}

TEST(CsvTokenizer, QuoteInsideAPlainFieldIsText) {
    EXPECT_EQ(rows_of("5\" disk,x\n", ','), (Rows{{"5\" disk", "x"}}));
}

TEST(CsvTokenizer, UnterminatedQuoteMarksTheRowBroken) {
    EXPECT_EQ(rows_of("a,b\n\"never closed,\nmore\n", ','), (Rows{{"a", "b"}, {"never closed,\nmore\n", "<broken>"}}));
}

TEST(CsvTokenizer, DetectsTheSeparatorFromTheHeaderLine) {
    EXPECT_EQ(detect_separator("a;b;c\n1,2,3,4,5\n"), ';');
    EXPECT_EQ(detect_separator("a\tb\tc\n"), '\t');
    EXPECT_EQ(detect_separator("\"a;b;c\",d\n"), ',');   // separators inside quotes do not count
    EXPECT_EQ(detect_separator("single\n"), ',');
    EXPECT_EQ(bom_length("\xEF\xBB\xBFKey"), 3u);
    EXPECT_EQ(bom_length("Key"), 0u);
}

TEST(CsvTokenizer, TenThousandColumnsInOneRow) {
    std::string text;
    for (int i = 0; i < 10000; ++i) text += (i ? ",c" : "c") + std::to_string(i);
    text += "\n";
    auto rows = rows_of(text, ',');
    ASSERT_EQ(rows.size(), 1u);
    ASSERT_EQ(rows[0].size(), 10000u);
    EXPECT_EQ(rows[0][9999], "c9999");
}

TEST(CsvTokenizer, RowsWiderThanTheLimitAreCutAndFlagged) {
    std::string text(kMaxFields + 10, ',');
    Diagnostics d;
    Tokenizer tok(text, ',');
    Row row;
    ASSERT_TRUE(tok.next(row, d));
    EXPECT_EQ(row.cells.size(), kMaxFields);
    EXPECT_TRUE(row.too_wide);
}

}  // namespace
