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

    /// A stretch of a larger file parsed on its own looks its macros up in the table of the
    /// part that defined them (set here); a whole file uses its own.
    const std::unordered_map<std::string, std::string>* macro_table = nullptr;
    const std::unordered_map<std::string, std::string>& macro_map() const noexcept {
        return macro_table ? *macro_table : macros;
    }
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


// --- a large file in pieces --------------------------------------------------------------------
// Entries are independent once the @string macros before them are known and no entry reads
// another's fields. A large file with its @strings near the start and no crossref or xdata is
// then parsed and converted piece by piece on several threads: the head (everything up to the
// last @string) first, then stretches cut where a line starts an entry.

/// Where the pieces start. Piece 0 is the head [0, begins[1]); piece i is [begins[i],
/// begins[i+1]) (the last one runs to the end); lines[i] is the line of begins[i].
struct ChunkPlan {
    std::vector<std::size_t> begins;
    std::vector<std::uint32_t> lines;
};

/// A plan with pieces of about `target` bytes, or an empty plan when the file should be parsed
/// whole (small, or its @strings spread through most of it).
ChunkPlan plan_chunks(std::string_view input, std::size_t target);

/// True when "crossref" or "xdata" occurs anywhere in `input` where a field of that name or an
/// @xdata entry could start (any case): a cheap test, never wrong when an entry reads another's
/// fields (it may say so for a value that merely reads "crossref = ..."). With `threads` >= 2 a
/// large input is searched in two halves at once.
bool mentions_parents(std::string_view input, unsigned threads = 1) noexcept;

/// The items that start in [begin, end) of `input`: what Parser::run gives for that stretch.
struct ParsedChunk {
    RawFile file;
    PendingDiagnostics diagnostics;
    std::size_t stopped = 0;   ///< where parsing stopped: past `end` when the last item ran over it
};
/// `line` is the line of `begin`; macros are looked up in `macros_from` (the head's file).
ParsedChunk parse_bibtex_chunk(std::string_view input, std::size_t begin, std::size_t end, std::uint32_t line,
                               const RawFile* macros_from, SharedLineIndex* lines);

/// FNV-1a of the exact bytes (IcaseHash is the same ignoring case).
inline std::uint64_t exact_hash(std::string_view s) noexcept {
    std::uint64_t h = 1469598103934665603ull;
    for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
}

/// A set of texts looked up by a 64-bit hash given with each (open addressing, linear probing):
/// a lookup reads one slot and compares texts only when the hashes are equal. The texts are
/// views: what they show must outlive the set.
template <class Equal>
class HashedTexts {
public:
    static constexpr std::uint32_t npos = 0xFFFFFFFFu;
    explicit HashedTexts(std::size_t expected = 16) { grow(expected); }

    /// The index of the text equal to `s`, or npos.
    std::uint32_t find(std::string_view s, std::uint64_t hash) const noexcept {
        for (std::size_t i = slot_of(hash);; i = (i + 1) & mask_) {
            const Slot& slot = slots_[i];
            if (slot.index == npos) return npos;
            if (slot.hash == hash && Equal{}(texts_[slot.index], s)) return slot.index;
        }
    }
    /// Adds `s` (not in the set) and returns its index.
    std::uint32_t add(std::string_view s, std::uint64_t hash) {
        if ((texts_.size() + 1) * 2 > slots_.size()) grow(slots_.size());
        const auto index = static_cast<std::uint32_t>(texts_.size());
        texts_.push_back(s);
        place(hash, index);
        return index;
    }
    std::string_view text(std::uint32_t index) const noexcept { return texts_[index]; }

private:
    struct Slot {
        std::uint64_t hash = 0;
        std::uint32_t index = npos;
    };
    // Fibonacci hashing: the top bits of the product, so that any bits of the hash count.
    std::size_t slot_of(std::uint64_t hash) const noexcept {
        return static_cast<std::size_t>((hash * 0x9E3779B97F4A7C15ull) >> shift_);
    }
    void place(std::uint64_t hash, std::uint32_t index) noexcept {
        std::size_t i = slot_of(hash);
        while (slots_[i].index != npos) i = (i + 1) & mask_;
        slots_[i] = Slot{hash, index};
    }
    void grow(std::size_t at_least) {
        std::size_t capacity = 16;
        unsigned bits = 4;
        while (capacity < 2 * at_least) { capacity *= 2; ++bits; }
        std::vector<Slot> old(capacity);
        old.swap(slots_);
        mask_ = capacity - 1;
        shift_ = 64 - bits;
        for (const Slot& slot : old)
            if (slot.index != npos) place(slot.hash, slot.index);
    }
    std::vector<Slot> slots_;
    std::vector<std::string_view> texts_;
    std::size_t mask_ = 0;
    unsigned shift_ = 0;
};

struct ExactEqual {
    bool operator()(std::string_view a, std::string_view b) const noexcept { return a == b; }
};

/// What the duplicate-key check and the id assigner need of an entry, worked out by the
/// thread that parsed it: the thread that hands records on in order then only looks up hashes.
struct KeyInfo {
    std::string_view key;
    std::uint64_t icase_hash = 0;   ///< IcaseHash of the key
    std::uint64_t hash = 0;         ///< exact_hash of the key
    std::size_t offset = 0;         ///< the '@'
    std::uint32_t line = 0;
    std::uint32_t column = 0;       ///< of the '@', in code points from 1
    bool bag = false;               ///< an @xdata entry: a field bag, not a record
};

/// KeyInfo of entries in file order. `floor` is an offset where a line starts at or before
/// the first entry given; the search for each entry's line start stops at the entry before
/// (so a file of one long line costs no more than one pass).
class KeyInfoMaker {
public:
    KeyInfoMaker(std::string_view input, std::size_t floor)
        : input_(input), previous_(floor), line_start_(floor), counted_to_(floor) {}
    KeyInfo operator()(const RawEntry& e);

private:
    std::string_view input_;
    std::size_t previous_, line_start_;
    std::size_t counted_to_;      // the column at counted_to_ is column_
    std::uint32_t column_ = 1;
};

/// Duplicate citation keys (compared as BibTeX compares them, ignoring case), for entries
/// given in file order: each repeat gets a warning in `diagnostics` with its item offset.
class DuplicateKeys {
public:
    explicit DuplicateKeys(std::size_t expected = 16) : seen_(expected) {}
    void add(const KeyInfo& k, PendingDiagnostics& diagnostics);

private:
    HashedTexts<IcaseEqual> seen_;
    std::vector<std::uint32_t> first_line_;   // by index in seen_
};

/// Line breaks in [begin, end) of `input`.
std::uint32_t count_lines(std::string_view input, std::size_t begin, std::size_t end) noexcept;

/// Merges `from` into `to`, both in file order by their item offsets, keeping file order.
void merge_pending(PendingDiagnostics& to, PendingDiagnostics& from);

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
