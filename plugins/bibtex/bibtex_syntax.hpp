// SPDX-License-Identifier: MIT
// The BibTeX grammar: a single pass over the input that yields entries, @string macros and
// @preamble blocks as views into the input (no value is copied or decoded here).
#pragma once

#include <bibport/diagnostics.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace bibport::plugins::bibtex {

/// One operand of a value: {braced} or "quoted" text, a bare number or a macro name.
/// 16 bytes: a large file has a million of them until it is converted.
struct Piece {
    enum class Kind : std::uint8_t { text, number, macro };
    const char* data = nullptr;
    std::uint32_t size = 0;   ///< a single piece is under 4 GiB (the parser checks)
    Kind kind = Kind::text;

    /// Without the delimiters.
    std::string_view text() const noexcept { return {data, size}; }
    void set_text(std::string_view t) noexcept {
        data = t.data();
        size = static_cast<std::uint32_t>(t.size());
    }
};

/// `name = piece # piece ...` inside an entry. The pieces live in RawFile::pieces
/// (one array for the whole file, so a field costs no allocation of its own).
/// Kept small: a large file has a million of them until it is converted.
struct RawField {
    std::string_view name;          ///< as written
    std::string_view expression;    ///< the whole value as written, e.g. `jmlr # " 12"`
    const char* key_data = nullptr; ///< see key()
    std::uint32_t first_piece = 0;
    std::uint32_t piece_count = 0;
    bool uses_macro = false;

    /// Lower case: the lookup key (the name itself, or an interned lower-case copy, which has
    /// the same length since only ASCII letters are lowered).
    std::string_view key() const noexcept { return {key_data ? key_data : name.data(), name.size()}; }
    void set_key(std::string_view lower) noexcept { key_data = lower.data(); }
};

struct RawEntry {
    std::string_view type;          ///< as written ("Article")
    std::string_view type_key;      ///< lower case (the input itself, or interned)
    std::string_view key;
    std::vector<RawField> fields;
    std::size_t offset = 0;         ///< the '@'
    std::uint32_t line = 0;
    std::string_view source;        ///< the whole entry as written, '@' to closing delimiter

    const RawField* field(std::string_view lower_name) const noexcept {
        for (const auto& f : fields)
            if (f.key() == lower_name) return &f;
        return nullptr;
    }
};

/// Hash and equality of ASCII text ignoring case: keys compared as BibTeX compares them,
/// without making lower-case copies.
struct IcaseHash {
    std::size_t operator()(std::string_view s) const noexcept {
        std::size_t h = 1469598103934665603ull;
        for (char c : s) h = (h ^ static_cast<unsigned char>(c >= 'A' && c <= 'Z' ? c + 32 : c)) * 1099511628211ull;
        return h;
    }
};
struct IcaseEqual {
    bool operator()(std::string_view a, std::string_view b) const noexcept {
        if (a.size() != b.size()) return false;
        auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
        for (std::size_t i = 0; i < a.size(); ++i)
            if (lower(a[i]) != lower(b[i])) return false;
        return true;
    }
};

/// Everything in a file, in order. @string values are expanded as they are defined (a
/// macro may use earlier macros), so later lookups are single steps.
struct RawFile {
    std::vector<RawEntry> entries;
    std::vector<Piece> pieces;   ///< the pieces of every field, see RawField
    /// @string name (lower case) -> expanded value; includes the month macros.
    std::unordered_map<std::string, std::string> macros;
    /// @string definitions as written: (name as written, value expression).
    std::vector<std::pair<std::string, std::string>> strings;
    std::vector<std::string> preambles;   ///< each @preamble's value expression
    /// Lower-case forms of names written with capitals ("Author" -> "author"), so that every
    /// key is a view: names repeat, so there are few of them. Nodes do not move.
    std::unordered_set<std::string> interned;

    /// `s` in lower case: `s` itself when it has no capitals, else the interned copy.
    std::string_view lower_name(std::string_view s);
};

/// Reads a whole file. Bad entries are reported (`error ... [key]`, code "skip") and
/// skipped: parsing resumes at the next '@' that starts a line (or any '@'), so a broken
/// entry is never merged into the next one. Duplicate keys give a warning.
/// A large input is parsed by two threads (cut at an entry boundary, results merged in file
/// order: the same as one pass) unless `threads` is 1.
RawFile parse_bibtex(std::string_view input, Diagnostics& diagnostics, int threads = 2);

/// Diagnostics with the offset of the item each is about, so that more can be merged in
/// file order later.
struct PendingDiagnostics {
    Diagnostics items;
    std::vector<std::size_t> offsets;
};

/// parse_bibtex in two steps: the syntax first, then the duplicate-key warnings merged in
/// (a reader may look for duplicates on another thread while it converts the entries).
RawFile parse_bibtex_syntax(std::string_view input, PendingDiagnostics& diagnostics, int threads = 2);
void add_duplicate_warnings(std::string_view input, const RawFile& file, PendingDiagnostics& diagnostics);

/// True when `s` reads as one BibTeX identifier (an entry type, a key part, a field name).
bool is_identifier(std::string_view s) noexcept;

/// Expands a field's pieces with the file's macros: text as is, numbers as written, macros
/// by value (an undefined macro is its own name, as pandoc and biber keep it).
std::string expand(const RawField& field, const RawFile& file);

/// The single text piece of a field when it has exactly one braced or quoted piece (the
/// common case, no copy needed); otherwise an empty optional-like result (false).
bool single_text(const RawField& field, const RawFile& file, std::string_view& out) noexcept;

/// Parses a standalone value expression (what RawField::expression holds) and expands it.
/// Returns false when it is not a valid expression.
bool expand_expression(std::string_view expression, const RawFile& file, std::string& out);

/// The standard month macros: "jan" -> "January", ...
void add_month_macros(std::unordered_map<std::string, std::string>& macros);

}  // namespace bibport::plugins::bibtex
