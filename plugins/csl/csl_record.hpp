// SPDX-License-Identifier: MIT
// The mapping between one CSL item as a generic JSON tree and a Record, shared by the
// CSL-JSON and CSL-YAML readers and writers (YAML is converted to the same tree first).
#pragma once

#include <bibport/diagnostics.hpp>
#include <bibport/record.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace bibport::plugins::csl {

/// How deep JSON and YAML may nest. yaml-cpp refuses more than 500 levels on its own (a
/// compile-time limit of the library); CSL-JSON uses the same number so that whatever one
/// reader accepts the other does too. Real CSL items nest fewer than 10 levels.
inline constexpr std::size_t kMaxNesting = 500;

/// How many values YAML aliases may add in total (each use of an alias copies its value):
/// far above what a real file needs, far below a "billion laughs" document.
inline constexpr std::size_t kMaxAliasValues = 1000000;

/// What reading one item found, before the checks that depend on the items before it.
struct ItemDraft {
    struct Warning {
        std::string message;
        std::string unknown_key;   ///< set for "unknown variable" warnings: given once per input
    };
    Record record;
    bool skipped = false;          ///< the item has the wrong shape: skip_message says why
    bool unreadable = false;       ///< with skipped: not even parsed (nested too deep); not counted
    std::string skip_message, skip_label;
    bool has_id = false, has_type = false;
    std::vector<Warning> warnings;
    std::uint32_t line = 0, column = 0;
};

/// Reads items one after another; remembers what must be unique or reported once per input.
/// read() is draft() then finish(): draft() depends on the item only, so a reader may draft
/// items on several threads and finish them in input order.
class ItemReader {
public:
    explicit ItemReader(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

    /// Reads `item` into `out`. An item of the wrong shape (not an object, a bad name entry,
    /// bad date-parts) is reported with diagnostics.skip at (line, column) and false is returned;
    /// smaller problems become warnings and the item is kept.
    bool read(const boost::json::value& item, std::uint32_t line, std::uint32_t column, Record& out) {
        ItemDraft d = draft(item, line, column);
        return finish(d, out);
    }
    static ItemDraft draft(const boost::json::value& item, std::uint32_t line, std::uint32_t column);
    /// Ids (made unique), once-per-input warnings and the diagnostics, in input order.
    bool finish(ItemDraft& draft, Record& out);

private:
    Diagnostics& diagnostics_;
    std::unordered_set<std::string> unknown_keys_;  // warned about once per input
    std::unordered_set<std::string> ids_;
    std::size_t count_ = 0;
};

/// Receives a CSL item as it is made, member by member, in output order: a writer can print
/// it directly instead of building a tree first. `key` is empty for the elements of an array.
class ItemSink {
public:
    virtual ~ItemSink() = default;
    virtual void begin_object(std::string_view key) = 0;
    virtual void end_object() = 0;
    /// `numbers`: every element will be a number (a date's parts), which printers keep on one line.
    virtual void begin_array(std::string_view key, bool numbers) = 0;
    virtual void end_array() = 0;
    virtual void string(std::string_view key, std::string_view text) = 0;
    /// Numbers, booleans and JSON text kept from an input (any kind of value).
    virtual void value(std::string_view key, const boost::json::value& v) = 0;
};

/// The CSL item for a record, keys in a fixed order: id, type, citation-key, the fields in
/// record order, keyword, categories, names, dates, unknown keys that came in, custom.
/// `index` numbers items without an id. What cannot be written is reported as a loss.
void write_item(const Record& record, std::size_t index, Diagnostics& diagnostics, ItemSink& sink);

/// write_item as a JSON tree. `storage` lets a caller build the tree in a monotonic arena (one
/// per item) instead of the heap.
boost::json::object item_to_json(const Record& record, std::size_t index, Diagnostics& diagnostics,
                                 boost::json::storage_ptr storage = {});

/// Reports the document-level data CSL has no place for.
void report_document_losses(const Bibliography& bib, Diagnostics& diagnostics);

/// The text a JSON number is stored as in a Value ("12", "1.5", "2.0").
std::string number_text(const boost::json::value& number);

/// The JSON number whose text is exactly `text`, or nothing ("012" and "1e3" stay strings).
std::optional<boost::json::value> number_from_text(std::string_view text);

/// "a string", "a number", ...: how a JSON value is named in messages.
std::string_view kind_name(const boost::json::value& v) noexcept;

}  // namespace bibport::plugins::csl
