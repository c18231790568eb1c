// SPDX-License-Identifier: MIT
#include "csl_record.hpp"

#include "csl_schema.hpp"

#include <bibport/text.hpp>

#include <boost/container/small_vector.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>
#include <climits>
#include <cmath>

namespace bibport::plugins::csl {
namespace json = boost::json;

namespace {

/// Thrown while reading an item whose shape is wrong; the item is skipped.
struct BadShape {
    std::string message;
};

/// Text is stored NFC-normalised; the ASCII check keeps the common case free.
std::string stored(std::string_view s) {
    for (unsigned char c : s)
        if (c >= 0x80) return text::nfc(s);
    return std::string(s);
}

std::string quoted(std::string_view s) {
    std::string out = "'";
    out += s;
    out += '\'';
    return out;
}

/// The text and kind of a scalar; false for null, arrays and objects.
bool scalar_value(const json::value& v, Value& out) {
    switch (v.kind()) {
        case json::kind::string:
            out = Value{stored(v.get_string()), Value::Kind::string};
            return true;
        case json::kind::int64:
        case json::kind::uint64:
        case json::kind::double_:
            out = Value{number_text(v), Value::Kind::number};
            return true;
        case json::kind::bool_:
            out = Value{v.get_bool() ? "true" : "false", Value::Kind::boolean};
            return true;
        default:
            return false;
    }
}

/// A date part given as a number or as a string of digits ("2015").
std::optional<int> date_part(const json::value& v) {
    if (v.is_int64()) {
        auto n = v.get_int64();
        if (n >= INT_MIN && n <= INT_MAX) return static_cast<int>(n);
    } else if (v.is_uint64()) {
        if (v.get_uint64() <= static_cast<std::uint64_t>(INT_MAX)) return static_cast<int>(v.get_uint64());
    } else if (v.is_double()) {
        double d = v.get_double();
        if (std::isfinite(d) && d == std::floor(d) && d >= INT_MIN && d <= INT_MAX) return static_cast<int>(d);
    } else if (v.is_string()) {
        std::string_view s = text::trim(v.get_string());
        if (!s.empty() && s.front() == '+') s.remove_prefix(1);
        int n = 0;
        auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
        if (!s.empty() && ec == std::errc() && end == s.data() + s.size()) return n;
    }
    return std::nullopt;
}

void split_keywords(std::string_view s, std::vector<std::string>& out) {
    while (!s.empty()) {
        auto comma = s.find(',');
        std::string_view part = text::trim(s.substr(0, comma));
        if (!part.empty()) out.push_back(stored(part));
        if (comma == std::string_view::npos) break;
        s.remove_prefix(comma + 1);
    }
}

std::string item_label(const json::value& item) {
    if (const auto* obj = item.if_object()) {
        for (const char* key : {"citation-key", "id"}) {
            if (const auto* v = obj->if_contains(key)) {
                if (v->is_string()) return std::string(v->get_string());
                if (v->is_number()) return number_text(*v);
            }
        }
    }
    return {};
}

/// JSON text as stored in Record.extra; parsed back when written.
json::value parse_or_string(std::string_view text) {
    json::error_code ec;
    json::parse_options options;
    options.max_depth = kMaxNesting;
    json::value v = json::parse(text, ec, {}, options);
    if (ec) return json::string(text);
    return v;
}

}  // namespace

// --- shared helpers ---------------------------------------------------------------------

std::string_view kind_name(const json::value& v) noexcept {
    switch (v.kind()) {
        case json::kind::null: return "null";
        case json::kind::bool_: return "a boolean";
        case json::kind::int64:
        case json::kind::uint64:
        case json::kind::double_: return "a number";
        case json::kind::string: return "a string";
        case json::kind::array: return "an array";
        case json::kind::object: return "an object";
    }
    return "a value";
}

std::string number_text(const json::value& number) {
    char buf[64];
    std::to_chars_result r{};
    if (number.is_int64()) r = std::to_chars(buf, buf + sizeof buf, number.get_int64());
    else if (number.is_uint64()) r = std::to_chars(buf, buf + sizeof buf, number.get_uint64());
    else if (number.is_double()) {
        r = std::to_chars(buf, buf + sizeof buf, number.get_double());
        std::string s(buf, r.ptr);
        // A double keeps a fraction or exponent so that it is read back as a double.
        if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
        return s;
    } else return {};
    return std::string(buf, r.ptr);
}

std::optional<json::value> number_from_text(std::string_view text) {
    if (text.empty()) return std::nullopt;
    // The common case, a volume or a year: up to 18 digits without a leading zero is an exact int64.
    if (text.size() <= 18 && (text[0] != '0' || text.size() == 1) &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        std::int64_t n = 0;
        for (char c : text) n = n * 10 + (c - '0');
        return json::value(n);
    }
    const char* first = text.data();
    const char* last = first + text.size();
    json::value v;
    std::int64_t i = 0;
    std::uint64_t u = 0;
    double d = 0;
    if (auto r = std::from_chars(first, last, i); r.ec == std::errc() && r.ptr == last) v = i;
    else if (auto r2 = std::from_chars(first, last, u); r2.ec == std::errc() && r2.ptr == last) v = u;
    else if (auto r3 = std::from_chars(first, last, d); r3.ec == std::errc() && r3.ptr == last &&
                                                        std::isfinite(d)) v = d;
    else return std::nullopt;
    // Only canonical text becomes a number, so that "012" or "1e3" keep their spelling.
    if (number_text(v) != text) return std::nullopt;
    return v;
}

// --- reading ----------------------------------------------------------------------------

/// Builds one ItemDraft; holds nothing that outlives the item.
class ItemDrafter {
public:
    explicit ItemDrafter(ItemDraft& d) : d_(d) {}
    void read_member(std::string_view key, const json::value& v, Record& rec);

private:
    void read_field(std::string_view key, const json::value& v, bool may_be_number, Record& rec);
    void read_names(std::string_view key, const json::value& v, Record& rec);
    void read_date(std::string_view key, const json::value& v, Record& rec);
    void read_custom(const json::object& custom, Record& rec);
    void keep_custom(std::string_view key, const json::value& v, std::string_view expected, Record& rec);
    void warn(std::string message) { d_.warnings.push_back({std::move(message), {}}); }

    ItemDraft& d_;
};

ItemDraft ItemReader::draft(const json::value& item, std::uint32_t line, std::uint32_t column) {
    ItemDraft d;
    d.line = line;
    d.column = column;
    d.record.source_line = line;
    try {
        const auto* obj = item.if_object();
        if (!obj) throw BadShape{"expected an object for a CSL item, got " + std::string(kind_name(item))};
        d.record.fields.reserve(obj->size());
        ItemDrafter drafter(d);
        for (const auto& member : *obj) drafter.read_member(member.key(), member.value(), d.record);
    } catch (const BadShape& bad) {
        d.skipped = true;
        d.skip_message = bad.message + "; item skipped";
        d.skip_label = item_label(item);
    }
    return d;
}

bool ItemReader::finish(ItemDraft& d, Record& out) {
    if (!d.unreadable) ++count_;
    if (d.skipped) {
        diagnostics_.skip(d.line, d.column, std::move(d.skip_message), std::move(d.skip_label));
        return false;
    }
    out = std::move(d.record);
    std::vector<std::string> messages;
    messages.reserve(d.warnings.size() + 2);
    for (auto& w : d.warnings)
        if (w.unknown_key.empty() || unknown_keys_.insert(w.unknown_key).second) messages.push_back(std::move(w.message));
    if (!d.has_id) {
        std::string id = out.citation_key;
        if (id.empty() || ids_.count(id)) id = "item-" + std::to_string(count_);
        messages.push_back("missing 'id'; using " + quoted(id));
        out.id = std::move(id);
    }
    if (!d.has_type) messages.push_back("missing 'type'; using 'document'");
    // The writer derives title-short from the alias; keeping the copy would make the record
    // differ from the one that was written.
    if (!out.alias.empty() && out.get("title-short") == out.alias) out.erase("title-short");
    if (!ids_.insert(out.id).second) messages.push_back("duplicate id " + quoted(out.id));
    std::string label(out.label());
    for (auto& message : messages) diagnostics_.warning(d.line, d.column, std::move(message), label);
    return true;
}

void ItemDrafter::read_member(std::string_view key, const json::value& v, Record& rec) {
    auto kind = variable_kind(key);
    if (!kind) {
        // Not in the schema: kept as JSON text and written back as it was.
        d_.warnings.push_back({"unknown CSL variable " + quoted(key) + " kept; the CSL schema does not allow it",
                               std::string(key)});
        rec.extra.emplace_back("csl." + std::string(key), json::serialize(v));
        return;
    }
    switch (*kind) {
        case VarKind::string: return read_field(key, v, false, rec);
        case VarKind::number: return read_field(key, v, true, rec);
        case VarKind::name: return read_names(key, v, rec);
        case VarKind::date: return read_date(key, v, rec);
        case VarKind::special: break;
    }
    if (key == "id") {
        d_.has_id = true;
        if (v.is_string()) rec.id = std::string(v.get_string());
        else if (v.is_number()) {
            rec.id = number_text(v);
            rec.set_extra("csl.id-type", "number");   // written back as a number
        } else {
            d_.has_id = false;
            warn("expected a string or number for 'id', got " + std::string(kind_name(v)));
        }
    } else if (key == "type") {
        if (v.is_string() && !v.get_string().empty()) {
            d_.has_type = true;
            rec.type = std::string(v.get_string());
            if (!is_csl_type(rec.type)) warn("unknown CSL item type " + quoted(rec.type) + " kept");
        } else {
            warn("expected a CSL type name for 'type', got " + std::string(kind_name(v)));
        }
    } else if (key == "citation-key") {
        Value value;
        if (!scalar_value(v, value)) warn("expected a string for 'citation-key', got " + std::string(kind_name(v)));
        else {
            if (!v.is_string()) warn("expected a string for 'citation-key', got " + std::string(kind_name(v)) + "; kept as text");
            rec.citation_key = std::move(value.text);
        }
    } else if (key == "categories") {
        if (const auto* arr = v.if_array()) {
            for (const auto& c : *arr) {
                Value value;
                if (c.is_string()) rec.categories.push_back(stored(c.get_string()));
                else if (scalar_value(c, value)) {
                    warn("expected strings in 'categories', got " + std::string(kind_name(c)) + "; kept as text");
                    rec.categories.push_back(std::move(value.text));
                } else warn("expected strings in 'categories', got " + std::string(kind_name(c)) + "; ignored");
            }
        } else if (v.is_string()) {
            warn("expected an array for 'categories', got a string; kept as one category");
            rec.categories.push_back(stored(v.get_string()));
        } else warn("expected an array for 'categories', got " + std::string(kind_name(v)) + "; ignored");
    } else if (key == "keyword") {
        if (v.is_string()) split_keywords(v.get_string(), rec.keywords);
        else if (const auto* arr = v.if_array()) {
            warn("expected a string for 'keyword', got an array; its strings kept as keywords");
            for (const auto& k : *arr)
                if (k.is_string()) split_keywords(k.get_string(), rec.keywords);
        } else {
            Value value;
            if (scalar_value(v, value)) {
                warn("expected a string for 'keyword', got " + std::string(kind_name(v)) + "; kept as text");
                rec.keywords.push_back(std::move(value.text));
            } else warn("expected a string for 'keyword', got " + std::string(kind_name(v)) + "; ignored");
        }
    } else if (key == "custom") {
        if (const auto* obj = v.if_object()) read_custom(*obj, rec);
        else warn("expected an object for 'custom', got " + std::string(kind_name(v)) + "; ignored");
    }
}

void ItemDrafter::read_field(std::string_view key, const json::value& v, bool may_be_number, Record& rec) {
    Value value;
    if (!scalar_value(v, value)) {
        warn("expected " + std::string(may_be_number ? "a string or number" : "a string") + " for " +
             quoted(key) + ", got " + std::string(kind_name(v)) + "; ignored");
        return;
    }
    if (value.kind == Value::Kind::boolean || (value.kind == Value::Kind::number && !may_be_number)) {
        warn("expected " + std::string(may_be_number ? "a string or number" : "a string") + " for " +
             quoted(key) + ", got " + std::string(kind_name(v)) + "; kept as text");
        value.kind = Value::Kind::string;
    }
    if (value.text.empty()) return;   // an empty variable is an absent one
    rec.fields.push_back(Field{std::string(key), std::move(value)});
}

void ItemDrafter::read_names(std::string_view key, const json::value& v, Record& rec) {
    const auto* arr = v.if_array();
    if (!arr) throw BadShape{"expected an array of names for " + quoted(key) + ", got " + std::string(kind_name(v))};
    if (arr->empty()) return;
    NameList list{std::string(key), {}};
    list.names.reserve(arr->size());
    for (std::size_t i = 0; i < arr->size(); ++i) {
        const auto where = quoted(key) + " name " + std::to_string(i + 1);
        const auto* obj = (*arr)[i].if_object();
        if (!obj) throw BadShape{"expected an object for " + where + ", got " + std::string(kind_name((*arr)[i]))};
        Name name;
        for (const auto& m : *obj) {
            std::string_view mk = m.key();
            std::string* text_slot = mk == "family" ? &name.family
                                   : mk == "given" ? &name.given
                                   : mk == "dropping-particle" ? &name.dropping_particle
                                   : mk == "non-dropping-particle" ? &name.non_dropping_particle
                                   : mk == "suffix" ? &name.suffix
                                   : mk == "literal" ? &name.literal : nullptr;
            Value* flag_slot = mk == "comma-suffix" ? &name.comma_suffix
                             : mk == "static-ordering" ? &name.static_ordering
                             : mk == "parse-names" ? &name.parse_names : nullptr;
            if (!text_slot && !flag_slot) {
                warn("unknown member " + quoted(mk) + " in " + where + " ignored");
                continue;
            }
            Value value;
            if (!scalar_value(m.value(), value)) {
                if (m.value().is_null()) {
                    warn("null " + quoted(mk) + " in " + where + " ignored");
                    continue;
                }
                throw BadShape{"expected a string for " + quoted(mk) + " of " + where + ", got " +
                               std::string(kind_name(m.value()))};
            }
            if (flag_slot) *flag_slot = std::move(value);
            else {
                if (value.kind != Value::Kind::string)
                    warn("expected a string for " + quoted(mk) + " of " + where + ", got " +
                         std::string(kind_name(m.value())) + "; kept as text");
                *text_slot = std::move(value.text);
            }
        }
        list.names.push_back(std::move(name));
    }
    rec.names.push_back(std::move(list));
}

void ItemDrafter::read_date(std::string_view key, const json::value& v, Record& rec) {
    Date date;
    date.name = std::string(key);
    if (v.is_string()) {
        // An EDTF string such as "2020-05-28": kept as raw, never parsed away.
        if (v.get_string().empty()) return;
        date.raw = std::string(v.get_string());
        rec.dates.push_back(std::move(date));
        return;
    }
    if (v.is_number()) {
        warn("expected an object for date " + quoted(key) + ", got a number; kept as raw");
        date.raw = number_text(v);
        rec.dates.push_back(std::move(date));
        return;
    }
    const auto* obj = v.if_object();
    if (!obj) throw BadShape{"expected an object for date " + quoted(key) + ", got " + std::string(kind_name(v))};
    for (const auto& m : *obj) {
        std::string_view mk = m.key();
        const json::value& mv = m.value();
        if (mk == "date-parts") {
            const auto* ranges = mv.if_array();
            if (!ranges || ranges->empty() || ranges->size() > 2)
                throw BadShape{"expected one or two arrays in 'date-parts' of " + quoted(key)};
            for (const auto& range : *ranges) {
                const auto* parts = range.if_array();
                if (!parts || parts->empty() || parts->size() > 3)
                    throw BadShape{"expected 1 to 3 parts (year, month, day) in each 'date-parts' array of " +
                                   quoted(key)};
                std::vector<int> ints;
                ints.reserve(parts->size());
                for (const auto& p : *parts) {
                    auto n = date_part(p);
                    if (!n) throw BadShape{"expected a number in 'date-parts' of " + quoted(key) + ", got " +
                                           (p.is_string() ? quoted(p.get_string()) : std::string(kind_name(p)))};
                    ints.push_back(*n);
                }
                date.parts.push_back(std::move(ints));
            }
        } else if (mk == "season" || mk == "circa") {
            Value value;
            if (!scalar_value(mv, value)) {
                warn("expected a string or number for " + std::string(mk) + " of " + quoted(key) + ", got " +
                     std::string(kind_name(mv)) + "; ignored");
                continue;
            }
            if (mk == "season") {
                if (value.kind == Value::Kind::boolean) {
                    warn("expected a string or number for season of " + quoted(key) + ", got a boolean; kept as text");
                    value.kind = Value::Kind::string;
                }
                date.season = std::move(value);
            } else {
                date.circa = std::move(value);
            }
        } else if (mk == "literal" || mk == "raw") {
            Value value;
            if (!scalar_value(mv, value)) {
                warn("expected a string for " + std::string(mk) + " of " + quoted(key) + ", got " +
                     std::string(kind_name(mv)) + "; ignored");
                continue;
            }
            if (value.kind != Value::Kind::string)
                warn("expected a string for " + std::string(mk) + " of " + quoted(key) + ", got " +
                     std::string(kind_name(mv)) + "; kept as text");
            (mk == "raw" ? date.raw : date.literal) = std::move(value.text);
        } else {
            warn("unknown member " + quoted(mk) + " in date " + quoted(key) + " ignored");
        }
    }
    if (date.empty() && date.circa.empty()) return;
    rec.dates.push_back(std::move(date));
}

void ItemDrafter::keep_custom(std::string_view key, const json::value& v, std::string_view expected, Record& rec) {
    warn("expected " + std::string(expected) + " for 'custom." + std::string(key) + "', got " +
         std::string(kind_name(v)) + "; kept as is");
    rec.extra.emplace_back("csl.custom." + std::string(key), json::serialize(v));
}

namespace {

bool string_array(const json::value& v, std::vector<std::string>& out) {
    const auto* arr = v.if_array();
    if (!arr) return false;
    for (const auto& s : *arr)
        if (!s.is_string()) return false;
    for (const auto& s : *arr) out.push_back(stored(s.get_string()));
    return true;
}

bool link_array(const json::value& v, std::vector<Link>& out) {
    const auto* arr = v.if_array();
    if (!arr) return false;
    std::vector<Link> links;
    for (const auto& item : *arr) {
        const auto* obj = item.if_object();
        if (!obj) return false;
        Link link;
        for (const auto& m : *obj) {
            if (!m.value().is_string()) return false;
            std::string_view k = m.key();
            std::string* slot = k == "role" ? &link.role : k == "url" ? &link.url : k == "label" ? &link.label : nullptr;
            if (!slot) return false;
            *slot = std::string(m.value().get_string());
        }
        if (link.url.empty()) return false;
        links.push_back(std::move(link));
    }
    out.insert(out.end(), std::make_move_iterator(links.begin()), std::make_move_iterator(links.end()));
    return true;
}

}  // namespace

void ItemDrafter::read_custom(const json::object& custom, Record& rec) {
    for (const auto& m : custom) {
        std::string_view key = m.key();
        const json::value& v = m.value();
        if (key == "alias") {
            if (v.is_string()) rec.alias = stored(v.get_string());
            else keep_custom(key, v, "a string", rec);
        } else if (key == "highlight") {
            if (v.is_bool()) rec.highlight = v.get_bool();
            else keep_custom(key, v, "a boolean", rec);
        } else if (key == "sections") {
            if (!string_array(v, rec.sections)) keep_custom(key, v, "an array of strings", rec);
        } else if (key == "other_sections") {
            std::vector<std::vector<std::string>> trails;
            bool ok = v.is_array();
            if (ok)
                for (const auto& t : v.get_array()) {
                    trails.emplace_back();
                    if (!string_array(t, trails.back())) { ok = false; break; }
                }
            if (ok) rec.other_sections.insert(rec.other_sections.end(), trails.begin(), trails.end());
            else keep_custom(key, v, "an array of arrays of strings", rec);
        } else if (key == "links") {
            if (!link_array(v, rec.links)) keep_custom(key, v, "an array of {role, url, label} objects", rec);
        } else if (key == "arxiv") {
            if (v.is_string()) rec.arxiv = std::string(v.get_string());
            else keep_custom(key, v, "a string", rec);
        } else if (key == "notes") {
            if (!string_array(v, rec.notes)) keep_custom(key, v, "an array of strings", rec);
        } else if (key == "extra" && v.is_object()) {
            for (const auto& e : v.get_object()) {
                if (e.value().is_string()) rec.extra.emplace_back(std::string(e.key()), std::string(e.value().get_string()));
                else {
                    warn("expected a string for 'custom.extra." + std::string(e.key()) + "', got " +
                         std::string(kind_name(e.value())) + "; kept as JSON text");
                    rec.extra.emplace_back(std::string(e.key()), json::serialize(e.value()));
                }
            }
        } else if (key == "variables" && v.is_object()) {
            // Variables the schema does not list (written here so that the item stays valid).
            for (const auto& f : v.get_object()) {
                Value value;
                if (scalar_value(f.value(), value) && !rec.has(f.key()))
                    rec.fields.push_back(Field{std::string(f.key()), std::move(value)});
                else
                    rec.extra.emplace_back("csl.custom.variables." + std::string(f.key()), json::serialize(f.value()));
            }
        } else {
            rec.extra.emplace_back("csl.custom." + std::string(key), json::serialize(v));
        }
    }
}

// --- writing ----------------------------------------------------------------------------

namespace {

/// Keys already written to one object. Objects are small, so a list is searched first; a
/// set takes over for the rare object with many keys (an entry with thousands of unknown fields).
class KeySet {
public:
    bool empty() const noexcept { return small_.empty(); }
    bool contains(std::string_view k) const {
        if (!large_.empty()) return large_.count(k) != 0;
        return in_small(k);
    }
    /// False when the key was there already.
    bool insert(std::string_view k) {
        if (!large_.empty()) return large_.insert(k).second;
        if (in_small(k)) return false;
        small_.push_back(k);
        if (small_.size() > kSmall) large_.insert(small_.begin(), small_.end());
        return true;
    }

private:
    static constexpr std::size_t kSmall = 32;
    // Length and first byte first: keys of an item rarely share both, so texts are seldom compared.
    bool in_small(std::string_view k) const noexcept {
        for (std::string_view s : small_)
            if (s.size() == k.size() && (k.empty() || s[0] == k[0]) && s == k) return true;
        return false;
    }
    boost::container::small_vector<std::string_view, kSmall + 1> small_;   // no allocation per item
    std::unordered_set<std::string_view, text::TextHash> large_;
};

/// A Value as a number or boolean when the variable allows it and the text is exact, else as text.
void put_value(ItemSink& sink, std::string_view key, const Value& v, bool numbers_allowed, bool booleans_allowed) {
    if (v.kind == Value::Kind::number && numbers_allowed)
        if (auto n = number_from_text(v.text)) return sink.value(key, *n);
    if (v.kind == Value::Kind::boolean && booleans_allowed) {
        if (v.text == "true") return sink.value(key, json::value(true));
        if (v.text == "false") return sink.value(key, json::value(false));
    }
    sink.string(key, v.text);
}

void put_strings(ItemSink& sink, std::string_view key, const std::vector<std::string>& items) {
    sink.begin_array(key, false);
    for (const auto& s : items) sink.string({}, s);
    sink.end_array();
}

void put_name(ItemSink& sink, const Name& n) {
    sink.begin_object({});
    auto put = [&](std::string_view key, const std::string& s) {
        if (!s.empty()) sink.string(key, s);
    };
    auto put_flag = [&](std::string_view key, const Value& v) {
        if (!v.empty()) put_value(sink, key, v, true, true);
    };
    put("family", n.family);
    put("given", n.given);
    put("non-dropping-particle", n.non_dropping_particle);
    put("dropping-particle", n.dropping_particle);
    put("suffix", n.suffix);
    put("literal", n.literal);
    put_flag("comma-suffix", n.comma_suffix);
    put_flag("static-ordering", n.static_ordering);
    put_flag("parse-names", n.parse_names);
    sink.end_object();
}

void put_date(ItemSink& sink, const Date& d, std::string_view label, Diagnostics& diagnostics) {
    sink.begin_object(d.name);
    if (!d.parts.empty()) {
        if (d.parts.size() > 2)
            diagnostics.loss("date", "date " + quoted(d.name) + " has more than two date-parts arrays; the rest dropped",
                             std::string(label));
        const bool any = !d.parts[0].empty() || (d.parts.size() > 1 && !d.parts[1].empty());
        if (any) {
            sink.begin_array("date-parts", false);
            for (std::size_t r = 0; r < d.parts.size() && r < 2; ++r) {
                const auto& parts = d.parts[r];
                if (parts.empty()) continue;
                if (parts.size() > 3)
                    diagnostics.loss("date", "date " + quoted(d.name) + " has more than three parts; the rest dropped",
                                     std::string(label));
                sink.begin_array({}, true);
                for (std::size_t i = 0; i < parts.size() && i < 3; ++i) sink.value({}, json::value(parts[i]));
                sink.end_array();
            }
            sink.end_array();
        }
    }
    if (!d.season.empty()) put_value(sink, "season", d.season, true, false);
    if (!d.circa.empty()) put_value(sink, "circa", d.circa, true, true);
    if (!d.literal.empty()) sink.string("literal", d.literal);
    if (!d.raw.empty()) sink.string("raw", d.raw);
    sink.end_object();
}

constexpr std::string_view kCslPrefix = "csl.";
constexpr std::string_view kCustomPrefix = "csl.custom.";
constexpr std::string_view kVariablesPrefix = "csl.custom.variables.";

/// A member of custom.variables: a field the schema does not list, or JSON text kept from an input.
struct Variable {
    std::string_view name;
    const Value* value = nullptr;
    const std::string* json_text = nullptr;
};

/// A member of custom: JSON text kept from an input, or (text null) the place of custom.extra.
struct Kept {
    std::string_view key;
    const std::string* text = nullptr;
};

/// Writes the members of custom (the sink's current object) for the record: bibport's own
/// data first, then what the extras put there, then custom.variables.
void put_custom(ItemSink& sink, const Record& r, const std::vector<Kept>& custom, const std::vector<Kept>& extra,
                const std::vector<Variable>& variables) {
    if (!r.alias.empty()) sink.string("alias", r.alias);
    if (r.highlight) sink.value("highlight", json::value(true));
    if (!r.sections.empty()) put_strings(sink, "sections", r.sections);
    if (!r.other_sections.empty()) {
        sink.begin_array("other_sections", false);
        for (const auto& t : r.other_sections) put_strings(sink, {}, t);
        sink.end_array();
    }
    if (!r.links.empty()) {
        sink.begin_array("links", false);
        for (const auto& l : r.links) {
            sink.begin_object({});
            sink.string("role", l.role);
            sink.string("url", l.url);
            if (!l.label.empty()) sink.string("label", l.label);
            sink.end_object();
        }
        sink.end_array();
    }
    if (!r.arxiv.empty()) sink.string("arxiv", r.arxiv);
    if (!r.notes.empty()) put_strings(sink, "notes", r.notes);
    for (const auto& k : custom) {
        if (k.text) {
            sink.value(k.key, parse_or_string(*k.text));
            continue;
        }
        sink.begin_object("extra");
        for (const auto& e : extra) sink.string(e.key, *e.text);
        sink.end_object();
    }
    if (!variables.empty()) {
        sink.begin_object("variables");
        for (const auto& v : variables) {
            if (v.value) put_value(sink, v.name, *v.value, true, false);
            else sink.value(v.name, parse_or_string(*v.json_text));
        }
        sink.end_object();
    }
}

/// Builds the JSON tree of an item from the sink calls.
class TreeSink final : public ItemSink {
public:
    explicit TreeSink(json::storage_ptr sp) : sp_(std::move(sp)) {}

    void begin_object(std::string_view key) override { open_.push_back({key, json::value(json::object(sp_))}); }
    void begin_array(std::string_view key, bool) override { open_.push_back({key, json::value(json::array(sp_))}); }
    void end_object() override { close(); }
    void end_array() override { close(); }
    void string(std::string_view key, std::string_view text) override { put(key, json::value(json::string(text, sp_))); }
    void value(std::string_view key, const json::value& v) override { put(key, json::value(v, sp_)); }

    json::object take() { return std::move(root_); }

private:
    struct Open {
        std::string_view key;
        json::value container;
    };

    void put(std::string_view key, json::value v) {
        json::value& parent = open_.back().container;
        if (auto* o = parent.if_object()) o->emplace(key, std::move(v));
        else parent.get_array().push_back(std::move(v));
    }

    void close() {
        Open done = std::move(open_.back());
        open_.pop_back();
        if (open_.empty()) root_ = std::move(done.container.get_object());
        else put(done.key, std::move(done.container));
    }

    json::storage_ptr sp_;
    std::vector<Open> open_;
    json::object root_;
};

}  // namespace

void write_item(const Record& r, std::size_t index, Diagnostics& diagnostics, ItemSink& sink) {
    const std::string_view label = r.label();
    KeySet keys;   // the item's keys so far
    sink.begin_object({});

    std::string id = !r.id.empty() ? r.id : !r.citation_key.empty() ? r.citation_key : "item-" + std::to_string(index + 1);
    std::optional<json::value> numeric_id;
    if (r.get_extra("csl.id-type") == "number") numeric_id = number_from_text(id);
    if (numeric_id) sink.value("id", *numeric_id);
    else sink.string("id", id);
    keys.insert("id");

    if (is_csl_type(r.type)) sink.string("type", r.type);
    else {
        sink.string("type", "document");
        diagnostics.loss("type", "item type " + quoted(r.type) + " is not a CSL type; written as 'document'",
                         std::string(label));
    }
    keys.insert("type");
    if (!r.citation_key.empty()) {
        sink.string("citation-key", r.citation_key);
        keys.insert("citation-key");
    }

    std::vector<Variable> variables;   // fields the schema does not list go to custom.variables
    KeySet variable_names;
    for (const auto& f : r.fields) {
        if (f.value.empty()) continue;
        auto kind = variable_kind(f.name);
        bool top_level = kind && (*kind == VarKind::string || *kind == VarKind::number);
        if (top_level && keys.insert(f.name)) put_value(sink, f.name, f.value, *kind == VarKind::number, false);
        else if (variable_names.insert(f.name)) variables.push_back({f.name, &f.value, nullptr});
    }
    if (!r.alias.empty() && !r.has("title-short") && keys.insert("title-short")) sink.string("title-short", r.alias);

    if (!r.keywords.empty() && keys.insert("keyword")) {
        std::string joined;
        for (const auto& k : r.keywords) {
            if (!joined.empty()) joined += ", ";
            joined += k;
        }
        sink.string("keyword", joined);
    }
    if (!r.categories.empty() && keys.insert("categories")) put_strings(sink, "categories", r.categories);

    for (const auto& list : r.names) {
        if (list.names.empty()) continue;
        if (variable_kind(list.role) != VarKind::name || !keys.insert(list.role)) {
            diagnostics.loss("names", "name role " + quoted(list.role) + " is not a CSL name variable; not written",
                             std::string(label));
            continue;
        }
        sink.begin_array(list.role, false);
        for (const auto& n : list.names) put_name(sink, n);
        sink.end_array();
    }
    for (const auto& d : r.dates) {
        if (d.empty() && d.circa.empty()) continue;
        if (variable_kind(d.name) != VarKind::date || !keys.insert(d.name)) {
            diagnostics.loss("date", "date " + quoted(d.name) + " is not a CSL date variable; not written",
                             std::string(label));
            continue;
        }
        put_date(sink, d, label, diagnostics);
    }

    // Extras: unknown top-level keys go back where they were, csl.custom.* into custom,
    // everything else (other origins) into custom.extra so that nothing is dropped.
    // custom.extra takes the place of the first such extra, so that a read gives back the
    // extras in their order.
    std::vector<Kept> custom, extra;
    KeySet custom_keys, extra_keys;
    // bibport's own members of custom come first; an extra cannot take their place.
    if (!r.alias.empty()) custom_keys.insert("alias");
    if (r.highlight) custom_keys.insert("highlight");
    if (!r.sections.empty()) custom_keys.insert("sections");
    if (!r.other_sections.empty()) custom_keys.insert("other_sections");
    if (!r.links.empty()) custom_keys.insert("links");
    if (!r.arxiv.empty()) custom_keys.insert("arxiv");
    if (!r.notes.empty()) custom_keys.insert("notes");
    const bool own = !custom_keys.empty();
    for (const auto& [k, v] : r.extra) {
        std::string_view ks = k;
        if (ks == "csl.id-type") continue;
        if (ks.starts_with(kVariablesPrefix)) {
            std::string_view name = ks.substr(kVariablesPrefix.size());
            if (variable_names.insert(name)) variables.push_back({name, nullptr, &v});
            continue;
        }
        if (ks.starts_with(kCustomPrefix)) {
            std::string_view name = ks.substr(kCustomPrefix.size());
            if (name != "extra" && name != "variables" && custom_keys.insert(name)) {
                custom.push_back({name, &v});
                continue;
            }
        } else if (ks.starts_with(kCslPrefix)) {
            std::string_view name = ks.substr(kCslPrefix.size());
            if (!variable_kind(name) && keys.insert(name)) {
                sink.value(name, parse_or_string(v));
                continue;
            }
        }
        if (extra.empty()) custom.push_back({"extra", nullptr});
        if (extra_keys.insert(ks)) extra.push_back({ks, &v});
    }
    if (own || !custom.empty() || !variables.empty()) {
        sink.begin_object("custom");
        put_custom(sink, r, custom, extra, variables);
        sink.end_object();
    }
    sink.end_object();
}

json::object item_to_json(const Record& r, std::size_t index, Diagnostics& diagnostics, json::storage_ptr sp) {
    TreeSink tree(std::move(sp));
    write_item(r, index, diagnostics, tree);
    return tree.take();
}

void report_document_losses(const Bibliography& bib, Diagnostics& diagnostics) {
    if (!bib.title.empty()) diagnostics.loss("title", "CSL data has no document title; " + quoted(bib.title) + " not written");
    if (!bib.description.empty()) diagnostics.loss("description", "CSL data has no document description; not written");
    for (const auto& [k, v] : bib.extra)
        diagnostics.loss("extra", "CSL data has no document-level data; " + quoted(k) + " not written");
}

}  // namespace bibport::plugins::csl
