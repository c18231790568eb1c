// SPDX-License-Identifier: MIT
// Hostile inputs for every reader: how each format spells a good record, a bad record, a record
// with a huge field, deep nesting and a truncated entry. Everything is generated at test time.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace bibport::hostile {

inline constexpr std::size_t kDepth = 100000;          // nesting levels
inline constexpr std::size_t kBigField = 50u << 20;    // 50 MiB in one field

inline std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

/// A document of one format, built from record snippets.
struct FormatCase {
    std::string id;          ///< format id (-f)
    std::string extension;   ///< file extension that selects it
    /// A good record with title "Good Record <n>".
    std::function<std::string(int n)> good;
    /// A record the reader must skip (or reject) with a positioned diagnostic; the records
    /// around it must still be read. `bad_line_offset` is the line of the problem within it.
    std::string bad;
    int bad_line_offset = 0;
    /// Whether the reader reports the bad record as an error (exit 1) or a warning (exit 0).
    bool bad_is_error = true;
    /// Whether the record after the bad one is still read (false for XML, where the bad record
    /// is not well-formed and XML forbids going on).
    bool reads_after_bad = true;
    /// A record whose title is `title` (for the 50 MB field).
    std::function<std::string(const std::string& title)> titled;
    int title_line = 0;   ///< the line of the title within such a record
    /// Records nested `kDepth` deep in the ways the syntax allows.
    std::vector<std::string> deep;
    /// Whether a record after a deep one is still read (false where the nesting is a syntax
    /// error that ends the document: JSON, YAML and XML cannot resynchronise).
    bool reads_after_deep = true;
    /// The start of a record, cut off in the middle.
    std::string truncated;
    /// Whether truncation is an error (a format with closing syntax) or undetectable.
    bool truncation_is_error = true;
    std::function<std::string(const std::vector<std::string>& records)> document;
};

/// For GoogleTest's messages: the format id, not the bytes of the object.
inline void PrintTo(const FormatCase& f, std::ostream* os) { *os << f.id; }

/// Every reader's case, in a fixed order.
std::vector<FormatCase> all_formats();

}  // namespace bibport::hostile
