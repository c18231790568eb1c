// SPDX-License-Identifier: MIT
// Inline Markdown (CommonMark plus GitHub's autolinks and the HTML paper lists use) as a flat
// list of items: enough structure to find aliases, titles, venue tags and links.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bibport::plugins::markdown {

enum class ItemKind : std::uint8_t {
    text,        ///< plain text, escapes and entities resolved
    strong,      ///< **text** or <b>text</b> without links inside
    emph,        ///< *text* or <i>text</i> without links inside
    code,        ///< `text`
    link,        ///< [text](url), <a href>, <url>, a bare URL
    image,       ///< ![alt](src), <img>
    pipe,        ///< an unescaped '|'
    line_break,  ///< the end of a source line or <br>
    markup,      ///< CSL markup Markdown has no syntax for, as its tag: <sup>, </sub>, a nocase span
};

struct Item {
    ItemKind kind = ItemKind::text;
    std::string text;        ///< content; for a link its text, for an image its alt text
    std::string url;         ///< link destination or image source
    std::string image_alt;   ///< a link around an image (a badge): the image's alt text ...
    std::string image_src;   ///< ... and source
    bool strong = false;     ///< a link or text inside ** **
    bool emph = false;       ///< a link or text inside * *
    bool bracketed = false;  ///< a link whose text was written in brackets or code: [`[paper]`]
    std::size_t offset = 0;  ///< byte offset in the document
};

/// Reference definitions of the document: lower-cased label -> destination.
using References = std::vector<std::pair<std::string, std::string>>;

/// Parses one line (or cell) of inline Markdown; `offset` is its position in the document.
std::vector<Item> parse_inline(std::string_view s, std::size_t offset, const References* refs = nullptr);

/// The text of items [from, to) with markup removed and white space normalised.
/// (Plain text: strong, emphasis and markup items give their text only.)
std::string plain_text(const std::vector<Item>& items, std::size_t from, std::size_t to);

/// text::normalize (white space collapsed and trimmed, NFC) with a fast path: printable ASCII
/// with single inner spaces, what most of a list is, is already normal and only copied.
std::string normalized(std::string_view s);

/// normalized() of a string that is not needed afterwards: text already normal is only
/// trimmed in place, not copied.
std::string normalized(std::string&& s);

/// True when normalized(s) == s without work: printable ASCII, single inner spaces, no space
/// at either end.
bool already_normal(std::string_view s) noexcept;

/// normalized(s) as a view: `s` itself when it is already normal, else the normal text kept in
/// `holder`.
std::string_view normal_view(std::string_view s, std::string& holder);

/// Resolves one HTML entity at s[0] == '&'; returns the bytes used (0 when it is not one).
std::size_t decode_entity(std::string_view s, std::string& out);

}  // namespace bibport::plugins::markdown
