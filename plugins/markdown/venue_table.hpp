// SPDX-License-Identifier: MIT
// The venue table (formats/venues.yaml): short venue names of paper lists -> record fields.
#pragma once

#include <bibport/record.hpp>

#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace bibport::plugins::markdown {

struct Venue {
    std::string short_name;                                   ///< "CVPR", "NeurIPS", "arXiv"
    std::vector<std::string> aliases;                         ///< "NIPS", "axiv"
    std::string type;                                         ///< CSL type
    bool is_arxiv = false;                                    ///< the arXiv preprint server
    bool is_type_word = false;                                ///< "Book", "Thesis": a kind of work, not a venue
    std::vector<std::pair<std::string, std::string>> fields;  ///< CSL variables; "{year}" allowed
};

class VenueTable {
public:
    /// Reads the YAML table; throws std::runtime_error naming the file on errors.
    static VenueTable load(const std::filesystem::path& file);

    /// The venue whose short name or alias equals `name` (case-insensitive), or nullptr.
    const Venue* find(std::string_view name) const noexcept;

    /// The venue a record was published at, judged from its container titles or publisher
    /// (what a writer needs to print a short tag), or nullptr.
    const Venue* match_record(const Record& rec) const;

    /// The type word written for CSL type `type` ("book" -> "Book"), or nullptr.
    const Venue* type_word(std::string_view type) const noexcept;

    /// Sets type and the venue's fields on `rec` for a paper published there in `year` (0: unknown).
    static void apply(const Venue& v, int year, Record& rec);

    /// The type of a record at a venue the table does not know: a journal when the name says
    /// so ("journal", "transactions", "letters"), else a conference paper.
    static std::string unknown_venue_type(std::string_view name);

    /// A field value with "{year}" filled in (or removed with the space before it).
    static std::string expand(std::string_view value, int year);

    const std::vector<Venue>& venues() const noexcept { return venues_; }

private:
    std::vector<Venue> venues_;
    /// The container and event titles of the venues, in table order, with where "{year}" is.
    struct TitleField {
        std::size_t venue, field, year_at;
    };
    std::vector<TitleField> titles_;
    struct NameHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    /// Lower-cased short names and aliases -> index in venues_ (the first venue wins).
    std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>> by_name_;
};

}  // namespace bibport::plugins::markdown
