// SPDX-License-Identifier: MIT
// RIS reader: one pass over the lines collects each record's tagged values, then
// build_record() turns them into a Record (the type decides what T2 and BT mean).
#include "ris_custom.hpp"
#include "ris_format.hpp"
#include "ris_types.hpp"
#include "ris_values.hpp"

#include <bibport/text.hpp>

#include <algorithm>
#include <cstdio>
#include <unordered_set>
#include <vector>

namespace bibport::plugins::ris {
namespace {

struct TagLine {
    std::string_view tag;
    std::string_view value;
};

// "AU  - LeCun, Yann": a tag, one or two spaces, '-', then a space and the value (or nothing,
// as in "ER  -"). Leading and trailing white space of the value is dropped.
bool split_tag_line(std::string_view line, TagLine& out) noexcept {
    if (line.size() < 4 || !is_tag(line.substr(0, 2))) return false;
    std::size_t i = 2;
    while (i < line.size() && i < 4 && line[i] == ' ') ++i;
    if (i == 2 || i >= line.size() || line[i] != '-') return false;
    ++i;
    if (i < line.size() && line[i] != ' ') return false;
    out.tag = line.substr(0, 2);
    out.value = text::trim(line.substr(i));
    return true;
}

// Byte offset of the first malformed UTF-8 sequence, or npos.
std::size_t first_invalid_utf8(std::string_view s) noexcept {
    std::size_t pos = 0;
    while (pos < s.size()) {
        std::size_t start = pos;
        char32_t cp = text::next_code_point(s, pos);
        if (cp == 0xFFFD && s.substr(start, 3) != "\xEF\xBF\xBD") return start;
    }
    return std::string_view::npos;
}

struct Entry {
    std::string_view tag;
    std::string value;
    std::uint32_t line;
};

struct OpenRecord {
    std::uint32_t line = 0;   // of its TY
    std::vector<Entry> entries;
    std::size_t blank_lines = 0;   // blank lines since the last value line
};

// The parts of a record that need all its lines before they can be set.
struct Pending {
    std::string sp, ep;
    std::vector<const Entry*> issued;      // DA, PY, Y1 in order
    std::vector<Link> tag_links;           // L1..L4 and further UR
    std::vector<Link> custom_links;        // link.<role> custom lines
    std::string type_override;
};

class RecordBuilder {
public:
    RecordBuilder(const TypeTable& types, Diagnostics& diags) : types_(types), diags_(diags) {}

    Record build(const OpenRecord& open) {
        Record r;
        Pending p;
        r.source_line = open.line;
        ris_type_ = std::string(text::trim(open.entries.front().value));
        set_type(r, open.entries.front());
        layout_ = title_layout(ris_type_);
        for (std::size_t i = 1; i < open.entries.size(); ++i) take(r, p, open.entries[i]);
        finish(r, p, open);
        return r;
    }

private:
    void set_type(Record& r, const Entry& ty) {
        if (auto csl = types_.to_csl(ris_type_)) {
            r.type = *csl;
            // EJOUR reads as article-journal, which is written as JOUR: remember the exact type.
            if (types_.to_ris(r.type) != ris_type_) r.extra.emplace_back("ris.TY", ris_type_);
            return;
        }
        r.type = types_.unknown_csl();
        r.extra.emplace_back("ris.TY", ris_type_);
        diags_.warning(ty.line, 7, "unknown reference type '" + ris_type_ + "'; read as '" + r.type +
                                       "' (add it to ris/types.yaml to map it)");
    }

    static void keep_extra(Record& r, const Entry& e) { r.extra.emplace_back("ris." + std::string(e.tag), e.value); }

    // Sets a variable unless it is already set; a second value is kept under its tag.
    static void set_once(Record& r, std::string_view name, std::string value, const Entry& e) {
        if (value.empty()) return;
        if (r.has(name)) keep_extra(r, e);
        else r.set(name, std::move(value));
    }
    static void set_text(Record& r, std::string_view name, const Entry& e) { set_once(r, name, text::normalize(e.value), e); }

    void add_name(Record& r, std::string_view role, std::string_view value) {
        if (text::trim(value).empty()) return;
        r.names_for(role).push_back(parse_ris_name(text::nfc(value)));
    }

    void take(Record& r, Pending& p, const Entry& e) {
        switch (tag_code(e.tag)) {
            case tag_code("TI"): case tag_code("T1"): case tag_code("CT"): set_text(r, "title", e); break;
            case tag_code("ST"): set_text(r, "title-short", e); break;
            case tag_code("BT"):
                if (layout_ == TitleLayout::book && !r.has("title")) set_text(r, "title", e);
                else set_text(r, "container-title", e);
                break;
            case tag_code("T2"):
                set_text(r, layout_ == TitleLayout::conference ? "event-title" : "container-title", e);
                break;
            case tag_code("C3"):
                if (layout_ == TitleLayout::conference) set_text(r, "container-title", e);
                else keep_extra(r, e);
                break;
            case tag_code("JO"): case tag_code("JF"): set_text(r, "container-title", e); break;
            case tag_code("JA"): case tag_code("J2"): case tag_code("J1"): set_text(r, "container-title-short", e); break;
            case tag_code("T3"): set_text(r, "collection-title", e); break;
            case tag_code("AU"): case tag_code("A1"): case tag_code("A2"): case tag_code("ED"):
            case tag_code("A3"): case tag_code("A4"):
                for (const auto& nt : kNameTags)
                    if (nt.tag == e.tag) { add_name(r, nt.role, e.value); break; }
                break;
            case tag_code("DA"): case tag_code("PY"): case tag_code("Y1"): p.issued.push_back(&e); break;
            case tag_code("Y2"): read_accessed(r, e); break;
            case tag_code("SP"): if (p.sp.empty()) p.sp = e.value; else keep_extra(r, e); break;
            case tag_code("EP"): if (p.ep.empty()) p.ep = e.value; else keep_extra(r, e); break;
            case tag_code("VL"): set_text(r, "volume", e); break;
            case tag_code("IS"): case tag_code("CP"): set_text(r, "issue", e); break;
            case tag_code("M1"): set_text(r, "number", e); break;
            case tag_code("M3"): set_text(r, "genre", e); break;
            case tag_code("NV"): set_text(r, "number-of-volumes", e); break;
            case tag_code("ET"): set_text(r, "edition", e); break;
            case tag_code("SE"): set_text(r, "section", e); break;
            case tag_code("SN"): set_text(r, looks_like_issn(e.value) ? "ISSN" : "ISBN", e); break;
            case tag_code("PB"): set_text(r, "publisher", e); break;
            case tag_code("CY"): case tag_code("PP"): set_text(r, "publisher-place", e); break;
            case tag_code("AB"): case tag_code("N2"): set_once(r, "abstract", text::nfc(e.value), e); break;
            case tag_code("N1"): if (!e.value.empty()) r.notes.push_back(text::nfc(e.value)); break;
            case tag_code("KW"): if (!e.value.empty()) r.keywords.push_back(text::normalize(e.value)); break;
            case tag_code("UR"):
                if (!r.has("URL")) r.set("URL", e.value);
                else if (!e.value.empty()) p.tag_links.push_back({"link", e.value, {}});
                break;
            case tag_code("L1"): p.tag_links.push_back({"pdf", e.value, {}}); break;
            case tag_code("L2"): p.tag_links.push_back({"paper", e.value, {}}); break;
            case tag_code("L3"): p.tag_links.push_back({"related", e.value, {}}); break;
            case tag_code("L4"): p.tag_links.push_back({"image", e.value, {}}); break;
            case tag_code("DO"): set_once(r, "DOI", std::string(bare_doi(e.value)), e); break;
            case tag_code("LA"): set_text(r, "language", e); break;
            case tag_code("DP"): case tag_code("DB"): set_text(r, "source", e); break;
            case tag_code("CN"): set_text(r, "call-number", e); break;
            case tag_code("AN"):
                if (text::starts_with_icase(e.value, "arXiv:") && r.arxiv.empty()) r.arxiv = text::trim(e.value.substr(6));
                else keep_extra(r, e);
                break;
            case tag_code("ID"): if (r.citation_key.empty()) r.citation_key = e.value; else keep_extra(r, e); break;
            case tag_code("LB"): if (r.alias.empty()) r.alias = text::normalize(e.value); else keep_extra(r, e); break;
            case tag_code("U5"): read_custom(r, p, e); break;
            default: keep_extra(r, e); break;
        }
    }

    void read_accessed(Record& r, const Entry& e) {
        if (r.find_date("accessed")) return keep_extra(r, e);
        RisDate d = parse_ris_date(e.value, "accessed");
        if (!d.ok) diags_.warning(e.line, 7, "cannot read '" + e.value + "' as a date; kept as text");
        if (!d.other.empty()) r.extra.emplace_back(kAccessedOther, d.other);
        if (!d.date.empty()) r.dates.push_back(std::move(d.date));
    }

    // "key: value" lines of the custom tag (see README.md); anything else stays as it was.
    void read_custom(Record& r, Pending& p, const Entry& e) {
        auto colon = e.value.find(": ");
        if (colon == std::string::npos || colon == 0) return keep_extra(r, e);
        std::string_view key = std::string_view(e.value).substr(0, colon);
        std::string value = e.value.substr(colon + 2);
        if (key == kKeyHighlight) r.highlight = value == "true";
        else if (key == kKeySections && r.sections.empty()) r.sections = split_trail(value);
        else if (key == kKeySections || key == kKeyOtherSections) r.other_sections.push_back(split_trail(value));
        else if (key.substr(0, kKeyLinkPrefix.size()) == kKeyLinkPrefix) {
            std::string_view role = key.substr(kKeyLinkPrefix.size());
            auto bar = role.find('|');
            Link link{std::string(role.substr(0, bar)), value, {}};
            if (bar != std::string_view::npos) link.label = std::string(role.substr(bar + 1));
            p.custom_links.push_back(std::move(link));
        } else if (key == kKeyType) p.type_override = value;
        else if (key == kKeyCategory) r.categories.push_back(value);
        else if (contains(kCslNameVariables, key)) add_name(r, key, value);
        else if (contains(kCslDateVariables, key)) {
            if (r.find_date(key)) return keep_extra(r, e);
            r.dates.push_back(parse_iso_date(value, key));
        } else if (key.find('.') != std::string_view::npos) r.extra.emplace_back(std::string(key), value);
        else if (!r.has(key)) r.set(key, value);
        else keep_extra(r, e);
    }

    // Of DA, PY and Y1 the most precise gives "issued"; one that disagrees is kept as extra.
    void read_issued(Record& r, const Pending& p) {
        if (p.issued.empty()) return;
        if (const Date* whole = r.find_date("issued")) {   // a range from a custom line
            for (const Entry* e : p.issued)
                if (parse_ris_date(e->value, "issued").date.year() != whole->year()) keep_extra(r, *e);
            return;
        }
        std::vector<RisDate> parsed;
        std::size_t best = 0, best_score = 0;
        for (std::size_t i = 0; i < p.issued.size(); ++i) {
            parsed.push_back(parse_ris_date(p.issued[i]->value, "issued"));
            const RisDate& d = parsed.back();
            std::size_t score = d.ok ? 1 + (d.date.parts.empty() ? 0 : d.date.parts[0].size()) +
                                           !d.date.season.empty() + !d.other.empty()
                                     : 0;
            if (score > best_score) { best = i; best_score = score; }
        }
        for (std::size_t i = 0; i < parsed.size(); ++i) {
            if (i == best) continue;
            const bool agrees = parsed[i].date.year() == parsed[best].date.year() && parsed[i].ok;
            if (!agrees && !p.issued[i]->value.empty()) keep_extra(r, *p.issued[i]);
        }
        RisDate& chosen = parsed[best];
        if (!chosen.ok)
            diags_.warning(p.issued[best]->line, 7, "cannot read '" + p.issued[best]->value +
                                                         "' as a date (expected YYYY/MM/DD/other); kept as text");
        if (!chosen.other.empty()) r.extra.emplace_back(kIssuedOther, chosen.other);
        if (!chosen.date.empty()) r.dates.push_back(std::move(chosen.date));
    }

    void finish(Record& r, Pending& p, const OpenRecord& open) {
        read_issued(r, p);
        if (!p.sp.empty()) r.set("page", p.ep.empty() || p.ep == p.sp ? p.sp : p.sp + "-" + p.ep);
        else if (!p.ep.empty()) r.extra.emplace_back("ris.EP", p.ep);
        // Custom link lines carry the roles; L1/L2 lines they cover are the same links.
        r.links = std::move(p.custom_links);
        for (auto& l : p.tag_links) {
            bool covered = false;
            for (const auto& c : r.links) covered = covered || c.url == l.url;
            if (!covered && !l.url.empty()) r.links.push_back(std::move(l));
        }
        if (!p.type_override.empty()) {
            r.type = p.type_override;
            std::erase_if(r.extra, [](const auto& kv) { return kv.first == "ris.TY"; });
            if (types_.to_ris(r.type) != ris_type_) r.extra.emplace_back("ris.TY", ris_type_);
        }
        if (!r.has("title"))
            diags_.warning(open.line, 1, "record has no title (expected 'TI  - ' or 'T1  - ')", r.citation_key);
    }

    const TypeTable& types_;
    Diagnostics& diags_;
    std::string ris_type_;
    TitleLayout layout_ = TitleLayout::container;
};

// Walks the lines, keeps at most one record open, and hands each complete one to the builder.
class RisParser {
public:
    RisParser(const TypeTable& types, ReadResult& out) : builder_(types, out.diagnostics), out_(out) {}

    void run(std::string_view input) {
        if (input.substr(0, 3) == "\xEF\xBB\xBF") input.remove_prefix(3);   // byte order mark
        std::uint32_t line_no = 0;
        while (!input.empty()) {
            auto nl = input.find('\n');
            std::string_view line = input.substr(0, nl);
            input.remove_prefix(nl == std::string_view::npos ? input.size() : nl + 1);
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            on_line(line, ++line_no);
        }
        if (mode_ == Mode::in_record)
            skip_open("expected 'ER  - ' to close the record opened at line " + std::to_string(open_.line) +
                      ", found the end of the input");
        finish_document();
    }

private:
    enum class Mode { outside, in_record, skipping };

    void on_line(std::string_view line, std::uint32_t no) {
        TagLine tl;
        const bool is_tag_line = split_tag_line(line, tl);
        if (is_tag_line && tl.tag == "TY") return start_record(tl, no);
        if (is_tag_line && tl.tag == "ER") {
            if (mode_ == Mode::in_record) close_record();
            else if (mode_ == Mode::outside)
                out_.diagnostics.warning(no, 1, "'ER  - ' without an open record (expected 'TY  - ' first)");
            mode_ = Mode::outside;
            return;
        }
        if (mode_ == Mode::skipping) return;
        if (text::trim(line).empty()) {
            if (mode_ == Mode::in_record) ++open_.blank_lines;
            return;
        }
        if (mode_ == Mode::outside) return stray(line, is_tag_line ? tl.tag : std::string_view(), no);
        if (auto bad = first_invalid_utf8(line); bad != std::string_view::npos) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned char>(line[bad]));
            out_.diagnostics.skip(no, static_cast<std::uint32_t>(bad + 1),
                                  std::string("invalid UTF-8 (byte ") + hex +
                                      "); the record is skipped (convert the file to UTF-8)");
            mode_ = Mode::skipping;
            return;
        }
        if (is_tag_line) {
            open_.entries.push_back({tl.tag, std::string(tl.value), no});
        } else {
            // A line without a tag continues the previous value (long abstracts, notes).
            Entry& last = open_.entries.back();
            if (is_prose_tag(last.tag)) last.value.append(open_.blank_lines + 1, '\n').append(text::trim(line));
            else last.value.append(" ").append(text::trim(line));
        }
        open_.blank_lines = 0;
    }

    void start_record(const TagLine& tl, std::uint32_t no) {
        if (mode_ == Mode::in_record)
            skip_open("expected 'ER  - ' to close the record opened at line " + std::to_string(open_.line) +
                      " before the next 'TY  - ' at line " + std::to_string(no));
        open_ = OpenRecord{};
        open_.line = no;
        if (tl.value.empty()) {
            out_.diagnostics.skip(no, 7, "expected a reference type after 'TY  - ' (e.g. 'TY  - JOUR'); "
                                         "the record is skipped");
            mode_ = Mode::skipping;
            return;
        }
        open_.entries.push_back({tl.tag, std::string(tl.value), no});
        mode_ = Mode::in_record;
    }

    void stray(std::string_view line, std::string_view tag, std::uint32_t no) {
        if (!tag.empty()) {
            out_.diagnostics.skip(no, 1, "expected 'TY  - ' to start a record, found '" + std::string(tag) +
                                             "  - '; lines up to the next 'TY  - ' are skipped");
        } else {
            std::string shown(line.substr(0, 40));
            out_.diagnostics.warning(no, 1, "ignored text outside a record: '" + shown +
                                                "' (expected 'TY  - ' to start a record)");
        }
        mode_ = Mode::skipping;
    }

    void skip_open(std::string message) {
        out_.diagnostics.skip(open_.line, 1, std::move(message) + "; the record is skipped");
        mode_ = Mode::outside;
    }

    void close_record() {
        Record r = builder_.build(open_);
        // ids: the RIS ID when it is unique, else "ris<N>".
        std::string id = r.citation_key;
        if (id.empty() || used_ids_.count(id)) id = "ris" + std::to_string(out_.bibliography.records.size() + 1);
        while (used_ids_.count(id)) id += "_";
        used_ids_.insert(id);
        r.id = std::move(id);
        out_.bibliography.records.push_back(std::move(r));
    }

    // Every heading trail, in the order records first use it, as a paper list would list them.
    void finish_document() {
        auto& sections = out_.bibliography.sections;
        auto note = [&](const std::vector<std::string>& trail) {
            if (!trail.empty() && std::find(sections.begin(), sections.end(), trail) == sections.end())
                sections.push_back(trail);
        };
        for (const auto& r : out_.bibliography.records) {
            note(r.sections);
            for (const auto& t : r.other_sections) note(t);
        }
    }

    RecordBuilder builder_;
    ReadResult& out_;
    Mode mode_ = Mode::outside;
    OpenRecord open_;
    std::unordered_set<std::string> used_ids_;
};

}  // namespace

int RisReader::probe(std::string_view head) const noexcept {
    if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
    int seen = 0;
    while (!head.empty() && seen < 5) {
        auto nl = head.find('\n');
        std::string_view line = head.substr(0, nl);
        head.remove_prefix(nl == std::string_view::npos ? head.size() : nl + 1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (text::trim(line).empty()) continue;
        TagLine tl;
        if (split_tag_line(line, tl) && tl.tag == "TY") return seen == 0 ? 100 : 80;
        ++seen;
    }
    return 0;
}

void RisReader::do_read(std::string_view input, const Context& ctx, ReadResult& out) {
    const TypeTable types = TypeTable::load(ctx);
    RisParser(types, out).run(input);
}

}  // namespace bibport::plugins::ris
