// SPDX-License-Identifier: MIT
// Declarative tables from the formats/ folder (YAML, read at run time with yaml-cpp).
#pragma once

#include <bibport/format.hpp>

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bibport {

/// A two-way mapping between the names of a format and canonical names, for example
/// BibTeX entry types <-> CSL types. File layout:
///
///   read:            # format name -> canonical name (many may map to one)
///     article: article-journal
///   write:           # canonical name -> format name
///     article-journal: article
///   default_read: document     # optional fallbacks
///   default_write: misc
///
/// Lookups of `read` keys are case-insensitive.
class Crosswalk {
public:
    /// Loads `<data_dir>/<relative>`; throws std::runtime_error naming the file (with line
    /// and column for YAML errors) when it is missing or malformed.
    static Crosswalk load(const std::filesystem::path& file);

    /// Canonical name for a format name, or the default_read value (or nullopt).
    std::optional<std::string> read(std::string_view format_name) const;
    /// Format name for a canonical name, or the default_write value (or nullopt).
    std::optional<std::string> write(std::string_view canonical_name) const;

    const std::vector<std::pair<std::string, std::string>>& read_table() const noexcept { return read_; }
    const std::vector<std::pair<std::string, std::string>>& write_table() const noexcept { return write_; }

private:
    std::vector<std::pair<std::string, std::string>> read_, write_;
    std::optional<std::string> default_read_, default_write_;
};

/// The path of a data file: `<ctx.data_dir>/<relative>`; an absolute `relative` is used as is.
/// Throws std::runtime_error when the file does not exist.
std::filesystem::path data_file(const Context& ctx, std::string_view relative);

}  // namespace bibport
