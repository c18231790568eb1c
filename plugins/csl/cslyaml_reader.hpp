// SPDX-License-Identifier: MIT
// The CSL-YAML reader's two parsers. libyaml reads a document fast, and a large sequence of items
// in pieces on two threads; yaml-cpp reads what libyaml does not take the same way (syntax
// errors, hostile nesting and aliases, YAML 1.1 line breaks), so that diagnostics, their
// positions and the records kept before an error are yaml-cpp's. Both build the same JSON tree
// per item that the CSL-JSON reader reads.
#pragma once

#include "csl_record.hpp"

#include <bibport/format.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <optional>
#include <string_view>

namespace bibport::plugins::csl::cslyaml {

/// A plain (unquoted) scalar as the YAML 1.2 core schema resolves it: null, a boolean or a
/// number; nothing when it is a string (the text as it is).
std::optional<boost::json::value> resolve_plain(std::string_view text);

/// Which parser read a document.
enum class Path {
    libyaml_pieces,   ///< libyaml, the top-level items in pieces on worker threads
    libyaml,          ///< libyaml, the whole document on this thread
    yaml_cpp,         ///< yaml-cpp (the reference for everything libyaml does not take)
};

struct Options {
    /// Documents at least this long are read in pieces (when the text allows it).
    std::size_t min_piece_bytes = std::size_t{1} << 20;
    /// About how long a piece is.
    std::size_t piece_bytes = std::size_t{1} << 19;
    /// Worker threads for the pieces (0: all on the calling thread); -1: two when the machine
    /// has two cores or more, else none.
    int workers = -1;
    /// False: yaml-cpp reads everything (for comparisons).
    bool use_libyaml = true;
};

/// Reads the items of the YAML document `doc` (the front matter already cut off) into `out`.
/// Positions are yaml-cpp's: line and column counted in bytes of `doc`, 1-based.
Path read_document(std::string_view doc, ReadResult& out, const Options& options = {});

/// The yaml-cpp reader (the reference).
void read_with_yaml_cpp(std::string_view doc, ReadResult& out);

}  // namespace bibport::plugins::csl::cslyaml
