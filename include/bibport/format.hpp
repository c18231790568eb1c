// SPDX-License-Identifier: MIT
// The plugin interfaces: a Format describes itself and makes Readers and Writers.
//
// Rules that keep plugins safe to load (see docs in samples/plugins/README.md):
// - no exception crosses the plugin boundary: every virtual here is noexcept, and
//   ReaderBase/WriterBase (inline, so compiled into the plugin) turn exceptions into errors;
// - everything returned is plain data that outlives the plugin.
#pragma once

#include <bibport/diagnostics.hpp>
#include <bibport/export.hpp>
#include <bibport/record.hpp>

#include <cstdint>
#include <exception>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace bibport {

/// An option a reader or writer accepts (`--option key=value` on the command line).
struct OptionSpec {
    std::string key;
    std::string default_value;
    std::string help;   ///< one line; list the accepted values
};

/// What a format is (GDAL's driver metadata vocabulary).
struct FormatInfo {
    std::string id;                          ///< stable CLI id: lower case, [a-z0-9-]
    std::string display_name;                ///< "BibTeX"
    std::vector<std::string> aliases;        ///< other ids accepted by -f/-t ("bib")
    std::vector<std::string> extensions;     ///< without the dot: "bib"
    std::vector<std::string> media_types;    ///< "application/x-bibtex"
    bool can_read = false;
    bool can_write = false;
    std::vector<OptionSpec> read_options;
    std::vector<OptionSpec> write_options;
    std::string description;                 ///< one line for `bibport formats`
};

using Options = std::map<std::string, std::string, std::less<>>;

/// Everything a reader or writer gets besides the data.
struct Context {
    std::string source_name;   ///< file name for diagnostics ("-" or "<stdin>" for standard input)
    std::string data_dir;      ///< the formats/ folder (crosswalks, venue table, profiles)
    Options options;           ///< user options, already checked against the declared ones

    std::string_view option(std::string_view key, std::string_view fallback = {}) const {
        auto it = options.find(key);
        return it == options.end() ? fallback : std::string_view(it->second);
    }
    /// true for "true", "yes", "1", "on" (any case); `fallback` when unset.
    bool flag(std::string_view key, bool fallback) const {
        auto it = options.find(key);
        if (it == options.end()) return fallback;
        std::string v;
        for (char c : it->second) v += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
        return v == "true" || v == "yes" || v == "1" || v == "on";
    }
};

struct ReadResult {
    Bibliography bibliography;
    Diagnostics diagnostics;   ///< records that could not be read are reported with code "skip"
};

struct WriteResult {
    std::string text;          ///< the whole output; the host writes it atomically
    Diagnostics diagnostics;   ///< losses are reported with code "loss.<what>"
    bool failed = false;       ///< true when no usable output was produced
};

class BIBPORT_VISIBLE Reader {
public:
    virtual ~Reader() = default;
    /// How sure the reader is that `head` (the first few KiB) is its format: 0 (no) .. 100.
    /// Must be cheap and must not throw.
    virtual int probe(std::string_view head) const noexcept = 0;
    /// Reads a whole input. Bad records become diagnostics; the rest is still returned.
    virtual ReadResult read(std::string_view input, const Context& ctx) noexcept = 0;
};

class BIBPORT_VISIBLE Writer {
public:
    virtual ~Writer() = default;
    virtual WriteResult write(const Bibliography& bib, const Context& ctx) noexcept = 0;
};

class BIBPORT_VISIBLE Format {
public:
    virtual ~Format() = default;
    virtual const FormatInfo& info() const noexcept = 0;
    /// nullptr when the format cannot read (or write).
    virtual std::unique_ptr<Reader> make_reader() const noexcept = 0;
    virtual std::unique_ptr<Writer> make_writer() const noexcept = 0;
};

/// An error with a position, thrown inside a plugin and caught by ReaderBase.
class ParseError : public std::exception {
public:
    ParseError(std::uint32_t line, std::uint32_t column, std::string message)
        : line_(line), column_(column), message_(std::move(message)) {}
    const char* what() const noexcept override { return message_.c_str(); }
    std::uint32_t line() const noexcept { return line_; }
    std::uint32_t column() const noexcept { return column_; }

private:
    std::uint32_t line_, column_;
    std::string message_;
};

namespace detail {

/// Runs `work`; an exception becomes an error in `diagnostics` ("reader failed: ..." or
/// "writer failed: ..."), a reader's ParseError an error at its position. False when it threw.
template <class Work>
bool run_guarded(Diagnostics& diagnostics, bool reading, Work&& work) noexcept {
    const char* who = reading ? "reader" : "writer";
    try {
        work();
        return true;
    } catch (const ParseError& e) {
        if (reading) diagnostics.error(e.line(), e.column(), e.what());
        else diagnostics.error(0, 0, std::string(who) + " failed: " + e.what());
    } catch (const std::exception& e) {
        diagnostics.error(0, 0, std::string(who) + " failed: " + e.what());
    } catch (...) {
        diagnostics.error(0, 0, std::string(who) + " failed with an unknown exception");
    }
    return false;
}

}  // namespace detail

/// Base for readers: implement do_read, which may throw; read() never does.
class ReaderBase : public Reader {
public:
    ReadResult read(std::string_view input, const Context& ctx) noexcept final {
        ReadResult result;
        detail::run_guarded(result.diagnostics, true, [&] { do_read(input, ctx, result); });
        return result;
    }

protected:
    virtual void do_read(std::string_view input, const Context& ctx, ReadResult& out) = 0;
};

/// Base for writers: implement do_write, which may throw; write() never does.
class WriterBase : public Writer {
public:
    WriteResult write(const Bibliography& bib, const Context& ctx) noexcept final {
        WriteResult result;
        if (!detail::run_guarded(result.diagnostics, false, [&] { do_write(bib, ctx, result); })) result.failed = true;
        return result;
    }

protected:
    virtual void do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) = 0;
};

/// A Format built from a FormatInfo and two factories: what most plugins need.
template <class ReaderT, class WriterT>
class SimpleFormat final : public Format {
public:
    explicit SimpleFormat(FormatInfo info) : info_(std::move(info)) {
        info_.can_read = !std::is_void_v<ReaderT>;
        info_.can_write = !std::is_void_v<WriterT>;
    }
    const FormatInfo& info() const noexcept override { return info_; }
    std::unique_ptr<Reader> make_reader() const noexcept override {
        if constexpr (std::is_void_v<ReaderT>) return nullptr;
        else return make<ReaderT, Reader>();
    }
    std::unique_ptr<Writer> make_writer() const noexcept override {
        if constexpr (std::is_void_v<WriterT>) return nullptr;
        else return make<WriterT, Writer>();
    }

private:
    template <class T, class Base>
    static std::unique_ptr<Base> make() noexcept {
        try { return std::make_unique<T>(); } catch (...) { return nullptr; }
    }
    FormatInfo info_;
};

using FormatList = std::vector<std::unique_ptr<Format>>;

}  // namespace bibport
