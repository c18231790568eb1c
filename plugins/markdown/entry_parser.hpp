// SPDX-License-Identifier: MIT
// One entry of a paper list (a list item, a paragraph or a table row) read from its inline
// items: alias, star, title, venue tag, authors and typed links.
#pragma once

#include "inline_parser.hpp"
#include "link_kinds.hpp"
#include "venue_table.hpp"

#include <bibport/record.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bibport::plugins::markdown {

/// A venue tag as written: "CVPR'20" -> {"CVPR", 2020}; "2021" -> {"", 2021}.
struct VenueTag {
    std::string name;
    int year = 0;
};

/// Reads a venue tag. Brackets, parentheses and "In " around it are ignored. With `known_only`
/// the name must be in the venue table (or absent with a year); otherwise any short name followed
/// by an apostrophe year ("Foo'21") or a year ("Foo 2021") is accepted. An `explicit_tag` (a
/// bold bracketed tag, "**[Journal of the London Mathematical Society 1951]**", as the writer
/// writes it) may be any name, with or without a year from 1000 to 2999.
std::optional<VenueTag> parse_venue_tag(std::string_view s, const VenueTable& venues, bool known_only,
                                        bool explicit_tag = false);

/// True when `s` reads like an author list ("Kaiming He, Haoqi Fan", "*He et al.*", "{OpenAI}",
/// "He, Kaiming; Fan, Haoqi"). `lenient` also accepts one multi-word name (an author line on
/// its own).
bool looks_like_names(std::string_view s, bool lenient);

/// One word of such a list: a capital first ("He", "{OpenAI}", "Ł"), or a particle ("van"),
/// and not a word that marks a title ("Learning", "Towards").
bool name_word_ok(std::string_view w);

/// CSL rich text of items [from, to): emphasis as <i>, strong as <b>, markup items as their
/// tags (balanced), white space normalised.
std::string rich_text(const std::vector<Item>& items, std::size_t from, std::size_t to);

/// A word of a plainly spelled name: ASCII letters starting with a capital, hyphens and
/// apostrophes between letters ("Ming-Wei", "O'Neil"), dots after letters in given names
/// ("J.R.R."); a family word needs a lower-case letter (so it is not initials). A name made of
/// such words, the family name one word, is read by the BibTeX name rules as itself.
bool plain_name_word(std::string_view w, bool family) noexcept;

/// "Kaiming He, Ross Girshick, Alayrac": names of plain words only, read without the general
/// name parser (same result, checked on a real library); nullopt for anything else.
std::optional<std::vector<Name>> plain_name_list(std::string_view line);

/// The star markers paper lists use for landmark papers (🌟 ⭐ ★ :star:).
bool strip_stars(std::string& s);

struct Entry {
    std::string alias;
    bool highlight = false;
    std::string title;
    std::optional<VenueTag> venue;
    std::string authors;               ///< the author text as written
    std::vector<Link> links;           ///< typed, in source order
    std::string badge_arxiv;           ///< from a shields.io arXiv badge
    // Fields written as links whose text says what they are ("[URL](...)", "[arXiv:ID](...)",
    // "[doi:10...](...)"): the record's URL, arXiv id and DOI, not links of the list.
    std::string field_url, field_arxiv, field_doi;
    std::string type;                  ///< from a type word after the venue tag ("*Chapter*")
    std::vector<std::string> notes;    ///< leftover text that is none of the above
    bool entry_like = false;           ///< has an alias, a venue tag or a link to a paper
    std::size_t offset = 0;            ///< where the entry starts
    std::size_t title_offset = 0;

    bool is_record() const noexcept { return entry_like && !title.empty(); }
};

enum class EntryStyle {
    list_item,   ///< "- ...": any of the styles, the title may be plain text
    paragraph,   ///< a paragraph: only a bold or linked title makes an entry
    cell,        ///< a table cell holding the title
};

class EntryParser {
public:
    EntryParser(const VenueTable& venues, const LinkKinds& kinds) : venues_(venues), kinds_(kinds) {}

    /// Reads one entry; the items are taken (stars are removed from them).
    Entry parse(std::vector<Item> items, EntryStyle style) const;

    /// Adds what detail lines under an entry say (authors, venue, links, notes) to it.
    void add_details(Entry& e, std::vector<Item> items) const;

    /// Types one link item: role from its label, its image (badges) or its host; nullopt for
    /// in-page anchors.
    std::optional<Link> typed_link(const Item& link) const;

    /// True when a link's text is a label ("[paper]", "code", "PDF") rather than a title.
    bool is_label_link(const Item& link) const;

    const VenueTable& venues() const noexcept { return venues_; }
    const LinkKinds& kinds() const noexcept { return kinds_; }

private:
    void read_rest(Entry& e, const std::vector<Item>& items, std::size_t from, bool detail_line) const;
    /// Finds a venue tag at the end of `s`; returns where it starts.
    std::optional<std::size_t> trailing_venue(std::string_view s, std::optional<VenueTag>& venue) const;
    void read_fragment(Entry& e, std::string_view text, bool styled, bool bracket_ok, bool own_line) const;
    /// Takes a link written from a field (URL, arXiv id, DOI) into `e`; false for other links.
    bool field_link(Entry& e, const Item& link) const;

    const VenueTable& venues_;
    const LinkKinds& kinds_;
};

}  // namespace bibport::plugins::markdown
