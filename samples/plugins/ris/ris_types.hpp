// SPDX-License-Identifier: MIT
// The RIS reference types (TY) and how each one uses the title tags.
#pragma once

#include <bibport/crosswalk.hpp>
#include <bibport/format.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace bibport::plugins::ris {

/// Where a type keeps its titles: conference papers put the conference name in T2 and the
/// proceedings title in C3; books may carry their own title in BT; the rest use T2 for the
/// container (journal, book, website).
enum class TitleLayout { container, conference, book };

TitleLayout title_layout(std::string_view ris_type) noexcept;

/// types.yaml (formats/ris/types.yaml): RIS type <-> CSL type, read at run time.
class TypeTable {
public:
    /// Loads the table the host's data folder provides, else the copy installed beside the
    /// plugin (so a plugin used with --plugin-dir finds its own data). Throws with the paths
    /// it tried when there is none.
    static TypeTable load(const Context& ctx);
    static TypeTable from_crosswalk(const Crosswalk& cw);

    /// The CSL type of a RIS type (any case); nullopt when the table does not know it.
    std::optional<std::string> to_csl(std::string_view ris_type) const;
    /// The RIS type for a CSL type, else the table's default_write.
    std::string to_ris(std::string_view csl_type) const;
    /// The CSL type a reader gives an unknown RIS type.
    const std::string& unknown_csl() const noexcept { return default_read_; }

private:
    std::unordered_map<std::string, std::string> read_, write_;
    std::string default_read_ = "document", default_write_ = "GEN";
};

/// The file TypeTable::load reads, or an empty path (for messages and tests).
std::filesystem::path find_types_file(const Context& ctx);

}  // namespace bibport::plugins::ris
