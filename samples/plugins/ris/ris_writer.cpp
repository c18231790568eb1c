// SPDX-License-Identifier: MIT
// RIS writer: standard tags first, in the order Zotero writes them; then what RIS has no tag
// for, as "key: value" lines of the custom tag, so that bibport reads every record back whole.
#include "ris_custom.hpp"
#include "ris_format.hpp"
#include "ris_types.hpp"
#include "ris_values.hpp"

#include <bibport/text.hpp>

#include <algorithm>
#include <array>

namespace bibport::plugins::ris {
namespace {

// Variables the standard tags carry; every other variable goes to a custom line.
constexpr std::array<std::string_view, 24> kTaggedVariables = {
    "title", "title-short", "container-title", "container-title-short", "collection-title", "page",
    "volume", "issue", "number", "edition", "section", "number-of-volumes", "genre", "publisher",
    "publisher-place", "ISSN", "ISBN", "DOI", "URL", "language", "source", "call-number", "abstract",
    "event-title"};

class RecordWriter {
public:
    RecordWriter(const TypeTable& types, const Context& ctx, std::string& out, Diagnostics& diags)
        : types_(types), out_(out), diags_(diags) {
        eol_ = ctx.option("line-ending", "crlf") == "lf" ? "\n" : "\r\n";
        paper_list_ = ctx.flag("paper-list", true);
    }

    void write(const Record& r) {
        r_ = &r;
        key_ = std::string(r.label());
        const std::string ty = ris_type(r);
        layout_ = title_layout(ty);
        put("TY", ty);
        put("ID", r.citation_key);
        put("TI", r.get("title"));
        put("ST", r.get("title-short"));
        write_names();
        write_containers();
        write_dates();
        write_pages();
        put("VL", r.get("volume"));
        put("IS", r.get("issue"));
        put("M1", r.get("number"));
        put("ET", r.get("edition"));
        put("SE", r.get("section"));
        put("NV", r.get("number-of-volumes"));
        put("M3", r.get("genre"));
        put("PB", r.get("publisher"));
        put("CY", r.get("publisher-place"));
        put("SN", r.get("ISSN"));
        put("SN", r.get("ISBN"));
        put("DO", r.get("DOI"));
        put("UR", r.get("URL"));
        write_links();
        if (!r.arxiv.empty()) put("AN", "arXiv:" + r.arxiv);
        put("LA", r.get("language"));
        put("DP", r.get("source"));
        put("CN", r.get("call-number"));
        put("AB", r.get("abstract"));
        for (const auto& n : r.notes) put("N1", n);
        for (const auto& k : r.keywords) put("KW", k);
        write_paper_list();
        write_untagged_fields();
        write_extra();
        put("ER", "", true);
        out_ += eol_;
    }

private:
    // "XX  - value"; a value on several lines continues on lines without a tag (prose tags
    // keep the breaks, others get spaces). A continuation that would read as a tag is indented.
    void put(std::string_view tag, std::string_view value, bool even_empty = false) {
        if (value.empty() && !even_empty) return;
        out_ += tag;
        out_ += "  - ";
        const bool prose = is_prose_tag(tag);
        std::size_t start = 0;
        bool first = true;
        while (start <= value.size()) {
            auto nl = value.find('\n', start);
            std::string_view piece = value.substr(start, nl == std::string_view::npos ? nl : nl - start);
            if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
            if (!first) {
                if (prose) {
                    out_ += eol_;
                    if (piece.size() >= 4 && is_tag(piece.substr(0, 2)) && piece.substr(2, 2) == "  ") out_ += ' ';
                } else if (!piece.empty()) {
                    out_ += ' ';
                }
            }
            out_ += piece;
            first = false;
            if (nl == std::string_view::npos) break;
            start = nl + 1;
        }
        out_ += eol_;
    }

    void custom(std::string_view key, std::string_view value) {
        if (value.empty()) return;
        std::string line(key);
        line += ": ";
        line += value;
        put(kCustomTag, line);
    }

    void loss(std::string_view what, std::string message) { diags_.loss(what, std::move(message), key_); }

    std::string ris_type(const Record& r) {
        std::string ty = types_.to_ris(r.type);
        // The exact RIS type the record was read from, when it still matches its CSL type.
        if (auto kept = r.get_extra("ris.TY"); !kept.empty()) {
            auto csl = types_.to_csl(kept);
            if (csl ? *csl == r.type : r.type == types_.unknown_csl()) ty = std::string(kept);
        }
        auto back = types_.to_csl(ty);
        type_needs_custom_ = !back || *back != r.type;
        return ty;
    }

    void write_names() {
        for (const auto& list : r_->names) {
            std::string_view tag;
            for (const auto& nt : kNameTags)
                if (nt.role == list.role) { tag = nt.tag; break; }
            for (const auto& n : list.names) {
                if (!n.comma_suffix.empty() || !n.static_ordering.empty() || !n.parse_names.empty())
                    loss("name-flags", "CSL name flags of '" + format_ris_name(n) + "' have no RIS form");
                if (!tag.empty()) put(tag, format_ris_name(n));
                else if (paper_list_) custom(list.role, format_ris_name(n));
                else loss("names", "no RIS tag for the role '" + list.role + "'");
            }
        }
    }

    void write_containers() {
        if (layout_ == TitleLayout::conference) {
            put("T2", r_->get("event-title"));
            put("C3", r_->get("container-title"));
        } else {
            put("T2", r_->get("container-title"));
        }
        put("J2", r_->get("container-title-short"));
        put("T3", r_->get("collection-title"));
    }

    void write_dates() {
        // issued first, whatever the order the record lists its dates in
        if (const Date* issued = r_->find_date("issued")) write_date(*issued);
        for (const auto& d : r_->dates)
            if (d.name != "issued") write_date(d);
    }

    void write_date(const Date& d) {
        if (d.name == "issued") {
            if (!d.parts.empty() && !d.parts[0].empty()) put("PY", std::to_string(d.parts[0][0]));
            std::string_view other = r_->get_extra(kIssuedOther);
            const bool more = (!d.parts.empty() && d.parts[0].size() > 1) || d.parts.empty() ||
                              !d.season.empty() || !d.circa.empty() || !other.empty();
            if (more) put("DA", format_ris_date(d, other));
            // RIS has no ranges: PY and DA hold the start, a custom line the whole range.
            if (d.parts.size() > 1) {
                if (paper_list_) custom(d.name, format_iso_date(d));
                else loss("date-range", "RIS has no date ranges; wrote the start of " + format_iso_date(d));
            }
        } else if (d.name == "accessed") {
            put("Y2", format_ris_date(d, r_->get_extra(kAccessedOther)));
        } else if (paper_list_) {
            custom(d.name, format_iso_date(d));
        } else {
            loss("dates", "no RIS tag for the date '" + d.name + "'");
        }
    }

    void write_pages() {
        std::string_view page = r_->get("page");
        auto dash = page.find('-');
        // Only a plain "first-last" splits into SP and EP; anything else stays whole in SP.
        if (dash != std::string_view::npos && page.find('-', dash + 1) == std::string_view::npos &&
            page.find(',') == std::string_view::npos && dash > 0 && dash + 1 < page.size()) {
            put("SP", text::trim(page.substr(0, dash)));
            put("EP", text::trim(page.substr(dash + 1)));
        } else {
            put("SP", page);
        }
    }

    void write_links() {
        std::string_view url = r_->get("URL");
        std::vector<std::string_view> written{url};
        for (const auto& l : r_->links) {
            if (std::find(written.begin(), written.end(), std::string_view(l.url)) != written.end()) continue;
            put(l.role == "pdf" ? "L1" : "L2", l.url);
            written.push_back(l.url);
        }
    }

    // A link an L1 or L2 line gives back as it was (L1: pdf, L2: paper) needs no custom line;
    // when one does, all get one, so that their order survives.
    bool links_need_custom() const {
        std::vector<std::string_view> seen{r_->get("URL")};
        for (const auto& l : r_->links) {
            if (!l.label.empty() || std::find(seen.begin(), seen.end(), std::string_view(l.url)) != seen.end())
                return true;
            if (l.role != "pdf" && l.role != "paper") return true;
            seen.push_back(l.url);
        }
        return false;
    }

    void write_paper_list() {
        const Record& r = *r_;
        if (!paper_list_) {
            if (!r.alias.empty() || r.highlight || !r.sections.empty() || !r.links.empty() || type_needs_custom_)
                loss("paper-list", "alias, star, sections, link roles or exact type not written (paper-list=false)");
            return;
        }
        put("LB", r.alias);
        if (r.highlight) custom(kKeyHighlight, "true");
        if (!r.sections.empty()) custom(kKeySections, join_trail(r.sections));
        for (const auto& trail : r.other_sections) custom(kKeyOtherSections, join_trail(trail));
        for (const auto& l : links_need_custom() ? r.links : std::vector<Link>{}) {
            std::string key(kKeyLinkPrefix);
            key += l.role.empty() ? "link" : l.role;
            if (!l.label.empty()) (key += '|') += l.label;
            custom(key, l.url);
        }
        if (type_needs_custom_) custom(kKeyType, r.type);
        for (const auto& c : r.categories) custom(kKeyCategory, c);
    }

    void write_untagged_fields() {
        for (const auto& f : r_->fields) {
            bool tagged = contains(kTaggedVariables, f.name);
            if (f.name == "event-title") tagged = layout_ == TitleLayout::conference;
            if (tagged) continue;
            if (paper_list_) custom(f.name, f.value.text);
            else loss("field", "no RIS tag for '" + f.name + "'");
        }
    }

    // Extras of RIS origin go back under their own tag; all others into custom lines.
    void write_extra() {
        for (const auto& [key, value] : r_->extra) {
            if (key == "ris.TY" || key == kIssuedOther || key == kAccessedOther) continue;
            std::string_view k = key;
            if (k.substr(0, 4) == "ris." && is_tag(k.substr(4))) put(k.substr(4), value);
            else if (paper_list_) custom(key, value);
            else loss("extra", "'" + key + "' not written (paper-list=false)");
        }
    }

    const TypeTable& types_;
    std::string& out_;
    Diagnostics& diags_;
    std::string eol_;
    bool paper_list_ = true;
    const Record* r_ = nullptr;
    std::string key_;
    TitleLayout layout_ = TitleLayout::container;
    bool type_needs_custom_ = false;
};

// What a document carries besides its records: RIS has no place for it.
void report_document_losses(const Bibliography& bib, Diagnostics& diags) {
    if (!bib.title.empty() || !bib.description.empty())
        diags.loss("document", "RIS has no document title or description; not written");
    for (const auto& trail : bib.sections) {
        bool used = false;
        for (const auto& r : bib.records)
            used = used || r.sections == trail ||
                   std::find(r.other_sections.begin(), r.other_sections.end(), trail) != r.other_sections.end();
        if (!used) diags.loss("sections", "the empty section '" + join_trail(trail) + "' has no record to carry it");
    }
    if (!bib.extra.empty()) diags.loss("document", "document-level data (" + bib.extra.front().first + ", ...) not written");
}

}  // namespace

void RisWriter::do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) {
    const TypeTable types = TypeTable::load(ctx);
    out.text.reserve(bib.records.size() * 512);
    RecordWriter writer(types, ctx, out.text, out.diagnostics);
    for (const auto& r : bib.records) writer.write(r);
    report_document_losses(bib, out.diagnostics);
}

}  // namespace bibport::plugins::ris
