// SPDX-License-Identifier: MIT
// Tables taken from csl-data.schema.json (CSL 1.0.2), kept sorted.
#include "csl_schema.hpp"

#include <bibport/text.hpp>

#include <algorithm>
#include <array>
#include <iterator>
#include <unordered_map>
#include <utility>

namespace bibport::plugins::csl {
namespace {

constexpr std::pair<std::string_view, VarKind> kVariables[] = {
    {"DOI", VarKind::string},
    {"ISBN", VarKind::string},
    {"ISSN", VarKind::string},
    {"PMCID", VarKind::string},
    {"PMID", VarKind::string},
    {"URL", VarKind::string},
    {"abstract", VarKind::string},
    {"accessed", VarKind::date},
    {"annote", VarKind::string},
    {"archive", VarKind::string},
    {"archive-place", VarKind::string},
    {"archive_collection", VarKind::string},
    {"archive_location", VarKind::string},
    {"author", VarKind::name},
    {"authority", VarKind::string},
    {"available-date", VarKind::date},
    {"call-number", VarKind::string},
    {"categories", VarKind::special},
    {"chair", VarKind::name},
    {"chapter-number", VarKind::number},
    {"citation-key", VarKind::special},
    {"citation-label", VarKind::string},
    {"citation-number", VarKind::number},
    {"collection-editor", VarKind::name},
    {"collection-number", VarKind::number},
    {"collection-title", VarKind::string},
    {"compiler", VarKind::name},
    {"composer", VarKind::name},
    {"container-author", VarKind::name},
    {"container-title", VarKind::string},
    {"container-title-short", VarKind::string},
    {"contributor", VarKind::name},
    {"curator", VarKind::name},
    {"custom", VarKind::special},
    {"dimensions", VarKind::string},
    {"director", VarKind::name},
    {"division", VarKind::string},
    {"edition", VarKind::number},
    {"editor", VarKind::name},
    {"editorial-director", VarKind::name},
    {"event", VarKind::string},
    {"event-date", VarKind::date},
    {"event-place", VarKind::string},
    {"event-title", VarKind::string},
    {"executive-producer", VarKind::name},
    {"first-reference-note-number", VarKind::number},
    {"genre", VarKind::string},
    {"guest", VarKind::name},
    {"host", VarKind::name},
    {"id", VarKind::special},
    {"illustrator", VarKind::name},
    {"interviewer", VarKind::name},
    {"issue", VarKind::number},
    {"issued", VarKind::date},
    {"journalAbbreviation", VarKind::string},
    {"jurisdiction", VarKind::string},
    {"keyword", VarKind::special},
    {"language", VarKind::string},
    {"locator", VarKind::number},
    {"medium", VarKind::string},
    {"narrator", VarKind::name},
    {"note", VarKind::string},
    {"number", VarKind::number},
    {"number-of-pages", VarKind::number},
    {"number-of-volumes", VarKind::number},
    {"organizer", VarKind::name},
    {"original-author", VarKind::name},
    {"original-date", VarKind::date},
    {"original-publisher", VarKind::string},
    {"original-publisher-place", VarKind::string},
    {"original-title", VarKind::string},
    {"page", VarKind::number},
    {"page-first", VarKind::number},
    {"part", VarKind::number},
    {"part-title", VarKind::string},
    {"performer", VarKind::name},
    {"printing", VarKind::number},
    {"producer", VarKind::name},
    {"publisher", VarKind::string},
    {"publisher-place", VarKind::string},
    {"recipient", VarKind::name},
    {"references", VarKind::string},
    {"reviewed-author", VarKind::name},
    {"reviewed-genre", VarKind::string},
    {"reviewed-title", VarKind::string},
    {"scale", VarKind::string},
    {"script-writer", VarKind::name},
    {"section", VarKind::string},
    {"series-creator", VarKind::name},
    {"shortTitle", VarKind::string},
    {"source", VarKind::string},
    {"status", VarKind::string},
    {"submitted", VarKind::date},
    {"supplement", VarKind::number},
    {"title", VarKind::string},
    {"title-short", VarKind::string},
    {"translator", VarKind::name},
    {"type", VarKind::special},
    {"version", VarKind::string},
    {"volume", VarKind::number},
    {"volume-title", VarKind::string},
    {"volume-title-short", VarKind::string},
    {"year-suffix", VarKind::string},
};

constexpr std::string_view kTypes[] = {
    "article", "article-journal", "article-magazine", "article-newspaper", "bill", "book",
    "broadcast", "chapter", "classic", "collection", "dataset", "document", "entry",
    "entry-dictionary", "entry-encyclopedia", "event", "figure", "graphic", "hearing", "interview",
    "legal_case", "legislation", "manuscript", "map", "motion_picture", "musical_score", "pamphlet",
    "paper-conference", "patent", "performance", "periodical", "personal_communication", "post",
    "post-weblog", "regulation", "report", "review", "review-book", "software", "song", "speech",
    "standard", "thesis", "treaty", "webpage",
};

}  // namespace

std::optional<VarKind> variable_kind(std::string_view key) noexcept {
    // Asked for every field of every item written: a hash lookup, not a binary search of strings.
    static const std::unordered_map<std::string_view, VarKind, text::TextHash> table(std::begin(kVariables),
                                                                                    std::end(kVariables));
    auto it = table.find(key);
    if (it == table.end()) return std::nullopt;
    return it->second;
}

bool is_csl_type(std::string_view type) noexcept {
    return std::binary_search(std::begin(kTypes), std::end(kTypes), type);
}

}  // namespace bibport::plugins::csl
