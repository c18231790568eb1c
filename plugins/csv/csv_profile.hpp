// SPDX-License-Identifier: MIT
// Column profiles: which columns a CSV file has, their headers and the record part each holds.
// Profiles are YAML files under formats/csv/profiles/ (see formats/csv/README.md).
#pragma once

#include <bibport/crosswalk.hpp>
#include <bibport/format.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bibport::plugins::csv {

/// The record part a column (or an Extra line) holds.
struct Source {
    enum class Kind {
        id, citation_key, type, alias, highlight, sections, links, link_role, links_role, arxiv,
        keywords, categories, notes, names, date, year, field, extra,
    };
    Kind kind = Kind::field;
    std::string arg;   ///< the CSL variable, link role or extra key

    /// Parses "title", "author", "issued", "issued.year", "link:code", "links:attachment",
    /// "extra:bibtex.timestamp", "keywords", ...; nullopt for an unknown name.
    static std::optional<Source> parse(std::string_view text);
};

/// "Key: value" lines inside one cell (Zotero's Extra), each mapped to a record part.
struct LineSpec {
    std::string key;
    Source source;
};

struct Column {
    std::string header;
    std::vector<std::string> aliases;   ///< other headers that mean this column when reading
    std::vector<Source> sources;        ///< alternatives: written from the first non-empty,
                                        ///< read into the first; empty = kept as extra "csv.<header>"
    std::string join;                   ///< separator of list values
    std::optional<Crosswalk> crosswalk; ///< value table (Zotero item types)
    std::string original;               ///< extra key that keeps a value the crosswalk cannot
                                        ///< give back ("zotero.itemType": tvBroadcast -> broadcast)
    std::vector<LineSpec> lines;
    bool rest = false;                  ///< also holds, as lines, what no other column holds
};

struct Profile {
    std::string name;
    std::string description;
    std::string file;
    bool bom = false;
    bool quote_all = false;
    std::vector<Column> columns;

    /// Index of the column whose header (or alias) is `header`, ignoring case and outer
    /// spaces; -1 when none.
    int find_column(std::string_view header) const;
};

/// Loads a profile by name ("zotero" -> <data_dir>/csv/profiles/zotero.yaml) or by path
/// (anything with a '/' or ending in ".yaml"). Throws std::runtime_error naming the file.
Profile load_profile(const Context& ctx, std::string_view name_or_path);

/// Every profile under <data_dir>/csv/profiles, sorted by file name.
std::vector<Profile> load_all_profiles(const Context& ctx);

/// True when `name` is a CSL name variable ("author", "editor", ...).
bool is_name_variable(std::string_view name) noexcept;
/// True when `name` is a CSL date variable ("issued", "accessed", ...).
bool is_date_variable(std::string_view name) noexcept;
/// True when `name` is a CSL string or number variable ("title", "DOI", ...).
bool is_string_variable(std::string_view name) noexcept;
/// True when `type` is a CSL item type.
bool is_csl_type(std::string_view type) noexcept;

}  // namespace bibport::plugins::csv
