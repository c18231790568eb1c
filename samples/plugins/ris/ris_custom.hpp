// SPDX-License-Identifier: MIT
// Names shared by the reader and the writer: the name tags and the keys of custom lines.
#pragma once

#include <array>
#include <string_view>

namespace bibport::plugins::ris {

/// CSL name roles with a RIS tag (the first tag listed is the one written).
struct NameTag {
    std::string_view tag;
    std::string_view role;
};
inline constexpr std::array<NameTag, 6> kNameTags = {{
    {"AU", "author"}, {"A1", "author"}, {"A2", "editor"}, {"ED", "editor"},
    {"A3", "collection-editor"}, {"A4", "translator"},
}};

/// CSL name and date variables: in a custom line they are parsed as names and dates.
inline constexpr std::array<std::string_view, 26> kCslNameVariables = {
    "author", "chair", "collection-editor", "compiler", "composer", "container-author",
    "contributor", "curator", "director", "editor", "editorial-director", "executive-producer",
    "guest", "host", "illustrator", "interviewer", "narrator", "organizer", "original-author",
    "performer", "producer", "recipient", "reviewed-author", "script-writer", "series-creator",
    "translator"};
inline constexpr std::array<std::string_view, 6> kCslDateVariables = {
    "accessed", "available-date", "event-date", "issued", "original-date", "submitted"};

template <std::size_t N>
constexpr bool contains(const std::array<std::string_view, N>& list, std::string_view s) noexcept {
    for (auto x : list)
        if (x == s) return true;
    return false;
}

// Keys of the record's own paper-list data in custom lines.
inline constexpr std::string_view kKeyHighlight = "highlight";
inline constexpr std::string_view kKeySections = "sections";
inline constexpr std::string_view kKeyOtherSections = "other-sections";
inline constexpr std::string_view kKeyLinkPrefix = "link.";
inline constexpr std::string_view kKeyType = "type";
inline constexpr std::string_view kKeyCategory = "category";

/// Extra keys for the free text after a RIS date ("10:00:00"), per CSL date.
inline constexpr std::string_view kIssuedOther = "ris.issued.other";
inline constexpr std::string_view kAccessedOther = "ris.accessed.other";

/// Tags whose continuation lines keep their line breaks (prose).
constexpr bool is_prose_tag(std::string_view tag) noexcept {
    return tag == "AB" || tag == "N1" || tag == "N2" || tag == "RN" || tag == "U5";
}

}  // namespace bibport::plugins::ris
