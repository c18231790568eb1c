// SPDX-License-Identifier: MIT
// Diagnostics: what a reader or writer tells the user, with a position in the source.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bibport {

enum class Severity : std::uint8_t { note, warning, error };

inline std::string_view to_string(Severity s) noexcept {
    switch (s) {
        case Severity::note: return "note";
        case Severity::warning: return "warning";
        case Severity::error: return "error";
    }
    return "error";
}

/// One message. `line`/`column` are 1-based; 0 means unknown (then they are not printed).
struct Diagnostic {
    Severity severity = Severity::error;
    std::string file;          ///< source name; the host fills it in when a plugin leaves it empty
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::string record_key;    ///< key or alias of the record concerned, if any
    std::string message;
    /// Machine-readable kind, e.g. "skip" (a record could not be read), "loss.season"
    /// (a writer could not represent a field), "repair.mojibake". Empty for plain messages.
    std::string code;

    /// "file:line:col: severity: message [key]", the form compilers and editors understand.
    std::string format() const {
        std::string out = file.empty() ? std::string("<input>") : file;
        if (line) {
            out += ':' + std::to_string(line);
            if (column) out += ':' + std::to_string(column);
        }
        out += ": ";
        out += to_string(severity);
        out += ": ";
        out += message;
        if (!record_key.empty()) out += " [" + record_key + "]";
        return out;
    }
};

/// Collects diagnostics. Plugins fill one; the host prints and counts them.
class Diagnostics {
public:
    void add(Diagnostic d) { items_.push_back(std::move(d)); }
    void error(std::uint32_t line, std::uint32_t col, std::string msg, std::string key = {},
               std::string code = {}) {
        add({Severity::error, {}, line, col, std::move(key), std::move(msg), std::move(code)});
    }
    void warning(std::uint32_t line, std::uint32_t col, std::string msg, std::string key = {},
                 std::string code = {}) {
        add({Severity::warning, {}, line, col, std::move(key), std::move(msg), std::move(code)});
    }
    void note(std::uint32_t line, std::uint32_t col, std::string msg, std::string key = {},
              std::string code = {}) {
        add({Severity::note, {}, line, col, std::move(key), std::move(msg), std::move(code)});
    }
    /// A record that was not read: an error with code "skip" so the host can count it.
    void skip(std::uint32_t line, std::uint32_t col, std::string msg, std::string key = {}) {
        error(line, col, std::move(msg), std::move(key), "skip");
    }
    /// A field or feature a writer could not represent: a warning with code "loss.<what>".
    void loss(std::string_view what, std::string msg, std::string key = {}) {
        warning(0, 0, std::move(msg), std::move(key), "loss." + std::string(what));
    }

    const std::vector<Diagnostic>& items() const noexcept { return items_; }
    std::vector<Diagnostic>& items() noexcept { return items_; }
    std::size_t count(Severity s) const noexcept {
        std::size_t n = 0;
        for (const auto& d : items_) n += d.severity == s;
        return n;
    }
    std::size_t skipped() const noexcept {
        std::size_t n = 0;
        for (const auto& d : items_) n += d.code == "skip";
        return n;
    }
    bool has_errors() const noexcept { return count(Severity::error) != 0; }

private:
    std::vector<Diagnostic> items_;
};

/// Maps byte offsets of an input to 1-based line and column (columns count UTF-8 code points).
/// Both are quick on any input: in a line longer than 4 KiB the column at every 4 KiB is kept,
/// so a column is counted over at most 4 KiB even in a file that is one line (minified JSON).
class LineIndex {
public:
    explicit LineIndex(std::string_view text) : text_(text) {
        starts_.push_back(0);
        for (std::size_t from = 0;;) {
            const void* nl = from < text.size() ? std::memchr(text.data() + from, '\n', text.size() - from) : nullptr;
            const std::size_t end = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - text.data()) : text.size();
            if (end - from > kBlock) keep_block_columns(from, end);
            if (!nl) break;
            starts_.push_back(end + 1);
            from = end + 1;
        }
    }
    std::uint32_t line(std::size_t offset) const noexcept {
        std::size_t lo = 0, hi = starts_.size();
        while (hi - lo > 1) {
            std::size_t mid = (lo + hi) / 2;
            (starts_[mid] <= offset ? lo : hi) = mid;
        }
        return static_cast<std::uint32_t>(lo + 1);
    }
    std::uint32_t column(std::size_t offset) const noexcept {
        std::size_t from = starts_[line(offset) - 1];
        const std::size_t to = std::min(offset, text_.size());
        std::uint32_t col = 1;
        if (to > from && to - from > kBlock) {   // a long line: start from the last block boundary
            const std::size_t block = to / kBlock;
            from = block * kBlock;
            col = block_columns_[block];
        }
        return col + code_points(from, to);
    }

private:
    static constexpr std::size_t kBlock = 4096;

    std::uint32_t code_points(std::size_t from, std::size_t to) const noexcept {
        std::uint32_t n = 0;
        for (std::size_t i = from; i < to; ++i) n += (static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80;
        return n;
    }
    /// The column at each block boundary inside the line [from, end).
    void keep_block_columns(std::size_t from, std::size_t end) {
        if (block_columns_.empty()) block_columns_.resize(text_.size() / kBlock + 1);
        std::uint32_t col = 1;
        std::size_t at = from;
        for (std::size_t b = from / kBlock + 1; b * kBlock <= end; ++b) {
            col += code_points(at, b * kBlock);
            at = b * kBlock;
            block_columns_[b] = col;
        }
    }

    std::string_view text_;
    std::vector<std::size_t> starts_;
    std::vector<std::uint32_t> block_columns_;   ///< columns at multiples of kBlock inside long lines
};

/// A LineIndex built on first use and then shared by the threads that read parts of one input:
/// building it reads the whole input once, which a reader need not pay unless it reports a
/// position it cannot work out itself.
class SharedLineIndex {
public:
    explicit SharedLineIndex(std::string_view input) : input_(input) {}
    const LineIndex& get() {
        std::call_once(once_, [this] { index_.emplace(input_); });
        return *index_;
    }

private:
    std::string_view input_;
    std::once_flag once_;
    std::optional<LineIndex> index_;
};

}  // namespace bibport
