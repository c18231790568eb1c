// SPDX-License-Identifier: MIT
#include "zotero_rdf_reader.hpp"

#include "rdf_graph.hpp"
#include "rdf_namespaces.hpp"
#include "zotero_extra.hpp"
#include "zotero_tables.hpp"

#include <bibport/names.hpp>
#include <bibport/ordered_batches.hpp>
#include <bibport/text.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <array>
#include <future>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace bibport::plugins::zotero_rdf {
namespace {

/// Nesting limits, far above what real RDF has (Zotero nests four levels): deeper input is
/// skipped with an error rather than walked.
constexpr std::size_t kMaxDepth = 1000;
constexpr std::size_t kMaxCollectionDepth = 1000;
/// After this many broken pieces of XML the rest of the input is not read.
constexpr int kMaxBrokenPieces = 1000;

/// Term ids (see RdfGraph::term_id) of the URIs the reader looks at, looked up once per graph:
/// -1 for a term the input never uses, which no statement then matches.
struct Terms {
    explicit Terms(const RdfGraph& g) : g_(g) {}

private:
    const RdfGraph& g_;
    std::string scratch_;
    int id(std::string_view ns, std::string_view local) {
        scratch_.assign(ns);
        scratch_ += local;
        return g_.term_id(scratch_);
    }

public:
    int item_type = id(ns::z, "itemType"), z_type = id(ns::z, "type");
    int title = id(ns::dc, "title"), date = id(ns::dc, "date"), subject = id(ns::dc, "subject");
    int identifier = id(ns::dc, "identifier"), description = id(ns::dc, "description");
    int publisher = id(ns::dc, "publisher"), rights = id(ns::dc, "rights");
    int coverage = id(ns::dc, "coverage"), dc_type = id(ns::dc, "type");
    int relation = id(ns::dc, "relation"), dc_language = id(ns::dc, "language");
    int is_part_of = id(ns::dcterms, "isPartOf"), has_part = id(ns::dcterms, "hasPart");
    int abstract = id(ns::dcterms, "abstract"), alternative = id(ns::dcterms, "alternative");
    int date_submitted = id(ns::dcterms, "dateSubmitted"), uri = id(ns::dcterms, "URI");
    int referenced_by = id(ns::dcterms, "isReferencedBy"), medium = id(ns::dcterms, "medium");
    int lcc = id(ns::dcterms, "LCC"), ddc = id(ns::dcterms, "DDC"), udc = id(ns::dcterms, "UDC");
    int dcterms_relation = id(ns::dcterms, "relation"), dcterms_language = id(ns::dcterms, "language");
    int pages = id(ns::bib, "pages"), presented_at = id(ns::bib, "presentedAt");
    int series = id(ns::bib, "Series"), part = id(ns::bib, "Part"), memo = id(ns::bib, "Memo");
    int bib_collection = id(ns::bib, "Collection");
    int authors = id(ns::bib, "authors"), editors = id(ns::bib, "editors");
    int contributors = id(ns::bib, "contributors");
    int volume = id(ns::prism, "volume"), number = id(ns::prism, "number");
    int edition = id(ns::prism, "edition");
    int link = id(ns::link, "link"), link_type = id(ns::link, "type");
    int value = id(ns::rdf, "value"), rdf_resource = id(ns::rdf, "resource");
    int plain_literal = id(ns::rdf, "PlainLiteral");
    int automatic_tag = id(ns::z, "AutomaticTag"), z_collection = id(ns::z, "Collection");
    int attachment = id(ns::z, "Attachment"), z_path = id(ns::z, "path");
    int person = id(ns::foaf, "Person"), organization = id(ns::foaf, "Organization");
    int foaf_name = id(ns::foaf, "name");
    int adr = id(ns::vcard, "adr"), locality = id(ns::vcard, "locality");
    std::array<int, 4> surname{id(ns::foaf, "surname"), id(ns::foaf, "familyName"), id(ns::foaf, "lastName"),
                               id(ns::foaf, "family_name")};
    std::array<int, 3> given{id(ns::foaf, "givenName"), id(ns::foaf, "firstName"), id(ns::foaf, "givenname")};
};

/// "dc:rights" for a known namespace, the full URI otherwise: the extra key suffix.
std::string short_name(std::string_view predicate) {
    for (const auto& p : known_prefixes) {
        if (predicate.starts_with(p.uri)) {
            std::string_view local = predicate.substr(p.uri.size());
            if (p.prefix == "z") return std::string(local);
            return std::string(p.prefix) + ":" + std::string(local);
        }
    }
    return std::string(predicate);
}

bool starts_lower(std::string_view w) {
    return !w.empty() && w[0] >= 'a' && w[0] <= 'z';
}

/// The words of `s` (split at spaces) into `out`, which is reused between calls.
void split_words(std::string_view s, std::vector<std::string_view>& out) {
    out.clear();
    std::size_t pos = 0;
    while (pos < s.size()) {
        while (pos < s.size() && s[pos] == ' ') ++pos;
        std::size_t end = s.find(' ', pos);
        if (end == std::string_view::npos) end = s.size();
        if (end > pos) out.push_back(s.substr(pos, end - pos));
        pos = end;
    }
}

std::string join_words(const std::vector<std::string_view>& w, std::size_t from, std::size_t to) {
    if (from >= to) return {};
    if (to - from == 1) return std::string(w[from]);
    std::string out;
    for (std::size_t i = from; i < to; ++i) {
        if (!out.empty()) out += ' ';
        out += w[i];
    }
    return out;
}

/// Zotero keeps particles inside the name parts ("van Gogh", "Jean de"); CSL separates them.
/// Without a given-name statement the name is single-field (an organisation): a literal.
/// `words` is scratch space.
Name person_name(std::string surname, std::string given, bool has_given, std::vector<std::string_view>& words) {
    Name n;
    if (!has_given) {
        n.literal = std::move(surname);
        return n;
    }
    if (auto comma = given.find(", "); comma != std::string::npos) {
        n.suffix = given.substr(comma + 2);
        given.resize(comma);
    }
    split_words(surname, words);
    std::size_t lead = 0;
    while (lead + 1 < words.size() && starts_lower(words[lead])) ++lead;
    n.non_dropping_particle = join_words(words, 0, lead);
    n.family = join_words(words, lead, words.size());
    split_words(given, words);
    std::size_t keep = words.size();
    while (keep > 1 && starts_lower(words[keep - 1])) --keep;
    n.given = join_words(words, 0, keep);
    n.dropping_particle = join_words(words, keep, words.size());
    return n;
}

/// Items read per batch (see ZoteroReadJob::run).
constexpr std::size_t kItemsPerBatch = 256;

/// What the items are read with: the graph, the tables and the terms, shared (read only) by
/// every ItemReader.
struct ReadContext {
    const RdfGraph& g;
    const ZoteroTables& tables;
    const Terms& terms;
    const LineIndex& lines;
    std::string highlight_tag;
};

/// Reads items of the graph into records. Its warnings go to its own diagnostics, so that
/// items can be read in batches on several threads and the warnings joined in order.
class ItemReader {
public:
    ItemReader(const ReadContext& ctx, Diagnostics& diagnostics)
        : g_(ctx.g), t_(ctx.tables), T_(ctx.terms), lines_(ctx.lines), diags_(diagnostics),
          highlight_tag_(ctx.highlight_tag) {}

    std::string_view item_type_of(const RdfNode& n) const {
        if (const std::string_view* s = n.literal(T_.item_type)) return text::trim(*s);
        if (const std::string_view* s = n.literal(T_.z_type)) return text::trim(*s);
        return {};
    }
    Record read_item(int node);
    std::string literal_of(int node, int predicate) {
        if (node < 0) return {};
        const RdfNode& n = g_.nodes[node];
        for (const auto& p : n.properties)
            if (p.predicate == predicate && p.object.is_literal()) return clean(p.object.literal, p.offset);
        return {};
    }
    std::uint32_t line(std::ptrdiff_t off) const { return off < 0 ? 0 : lines_.line(static_cast<std::size_t>(off)); }
    std::uint32_t column(std::ptrdiff_t off) const {
        return off < 0 ? 0 : lines_.column(static_cast<std::size_t>(off));
    }

private:
    void read_property(const RdfProperty& p, Record& r, std::string& extra_text, std::string_view item_type);
    void read_container(int first, Record& r, std::string_view item_type);
    void read_container_property(const RdfNode& c, const RdfProperty& p, Record& r, std::string_view item_type);
    void read_creators(std::string_view creator_type, const RdfObject& o, Record& r, std::string_view item_type);
    void read_identifier(const RdfObject& o, Record& r);
    void read_tag(const RdfObject& o, Record& r);
    void read_attachment(int node, Record& r);
    void set_field(Record& r, std::string_view var, std::string value, std::ptrdiff_t offset);
    void keep_unknown(const RdfProperty& p, Record& r);
    /// A literal cleaned for storage: characters XML 1.0 forbids removed (with a warning),
    /// NFC, and white space collapsed unless the text is prose.
    std::string clean(std::string_view s, std::ptrdiff_t offset, bool prose = false);

    const RdfGraph& g_;
    const ZoteroTables& t_;
    const Terms& T_;
    const LineIndex& lines_;
    Diagnostics& diags_;
    const std::string& highlight_tag_;
    std::vector<std::string_view> words_;   // scratch for person_name()
};

/// The records of a batch of items and the warnings reading them gave.
struct ItemBatch {
    std::vector<Record> records;
    Diagnostics diagnostics;
};

class ZoteroReadJob {
public:
    ZoteroReadJob(const RdfGraph& g, const ZoteroTables& tables, const Context& ctx, const LineIndex& lines,
                  ReadResult& out)
        : g_(g), T_(g), ctx_{g, tables, T_, lines, std::string(ctx.option("highlight-tag", default_highlight_tag))},
          out_(out), reader_(ctx_, out.diagnostics) {}

    void run();

private:
    bool is_child_part(int node) const;
    void read_collections(std::vector<int>& item_nodes);

    const RdfGraph& g_;
    const Terms T_;
    const ReadContext ctx_;
    ReadResult& out_;
    ItemReader reader_;   // for what is read outside the items
    std::vector<char> child_part_;   // is_child_part() of each node
    std::vector<std::size_t> record_of_node_;   // index of the record of an item node
};

std::string ItemReader::clean(std::string_view s, std::ptrdiff_t offset, bool prose) {
    // One look at the text first: most of it is ASCII with single spaces, which is valid UTF-8,
    // NFC and clean white space as it is, so it needs no more than a copy.
    bool removed = false, ascii = true, single_spaced = true;
    char prev = ' ';   // a leading space is not single-spaced
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20) {
            if (c != '\t' && c != '\n' && c != '\r') removed = true;
            single_spaced = false;
        } else if (u >= 0x80) {
            ascii = false;
        } else if (c == ' ' && prev == ' ') {
            single_spaced = false;
        }
        prev = c;
    }
    if (prev == ' ') single_spaced = false;   // a trailing space, or no text
    if (!removed && ascii) {
        if (prose) return std::string(text::trim(s));
        return single_spaced ? std::string(s) : text::clean_whitespace(s);
    }
    std::string kept;
    if (removed) {
        kept.reserve(s.size());
        for (char c : s) {
            auto u = static_cast<unsigned char>(c);
            if (u >= 0x20 || c == '\t' || c == '\n' || c == '\r') kept += c;
        }
        diags_.warning(line(offset), column(offset),
                       "control characters removed from text (xml 1.0 does not allow them)");
        s = kept;
    }
    if (!text::is_valid_utf8(s)) return std::string(s);
    return prose ? std::string(text::trim(text::nfc(s))) : text::normalize(s);
}

bool ZoteroReadJob::is_child_part(int node) const {
    return child_part_[static_cast<std::size_t>(node)] != 0;
}

void ItemReader::set_field(Record& r, std::string_view var, std::string value, std::ptrdiff_t offset) {
    if (value.empty()) return;
    if (const Value* v = r.find(var)) {
        if (v->text == value) return;
        diags_.warning(line(offset), column(offset),
                       "second value for '" + std::string(var) + "' kept in extra 'zotero." +
                           std::string(var) + "'",
                       std::string(r.label()));
        r.extra.emplace_back("zotero." + std::string(var), std::move(value));
        return;
    }
    r.set(var, std::move(value));
}

void ItemReader::keep_unknown(const RdfProperty& p, Record& r) {
    std::string key = "zotero." + short_name(g_.term(p.predicate));
    if (p.object.is_literal()) {
        std::string v = clean(p.object.literal, p.offset, true);
        if (!v.empty()) r.extra.emplace_back(std::move(key), std::move(v));
        return;
    }
    const RdfNode& target = g_.nodes[p.object.node];
    if (!target.uri.starts_with("_:")) {
        r.extra.emplace_back(std::move(key), target.uri);
    } else if (const std::string_view* v = target.literal(T_.value)) {
        r.extra.emplace_back(std::move(key), clean(*v, p.offset, true));
    } else {
        diags_.warning(line(p.offset), column(p.offset),
                       "ignored structured value of '" + short_name(g_.term(p.predicate)) + "'",
                       std::string(r.label()));
    }
}

void ItemReader::read_creators(std::string_view creator_type, const RdfObject& o, Record& r,
                               std::string_view item_type) {
    std::string role;
    auto primary = t_.primary_creator.find(item_type);
    if (primary != t_.primary_creator.end() && primary->second == creator_type) role = "author";
    else role = t_.creators.read(creator_type).value_or(std::string(creator_type));

    std::vector<Name> found;
    auto read_one = [&](int node) {
        const RdfNode& n = g_.nodes[node];
        if (n.has_type(T_.plain_literal)) {   // "Last, First" written as a literal
            found.push_back(names::parse_name(literal_of(node, T_.value)));
            return;
        }
        if (n.has_type(T_.organization)) {
            Name org;
            org.literal = literal_of(node, T_.foaf_name);
            if (!org.literal.empty()) found.push_back(std::move(org));
            return;
        }
        std::string family, given;
        bool has_given = false;
        for (const auto& p : T_.surname)
            if (family.empty()) family = literal_of(node, p);
        for (const auto& p : T_.given) {
            if (given.empty()) given = literal_of(node, p);
            has_given = has_given || n.literal(p) != nullptr;
        }
        if (family.empty() && given.empty()) return;
        if (family.empty()) std::swap(family, given);
        found.push_back(person_name(std::move(family), std::move(given), has_given, words_));
    };
    if (o.is_literal()) {
        std::string s = clean(o.literal, -1);
        if (!s.empty()) found.push_back(names::parse_name(s));
    } else if (!g_.nodes[o.node].members.empty()) {
        found.reserve(g_.nodes[o.node].members.size());
        for (int m : g_.nodes[o.node].members) read_one(m);
    } else {
        read_one(o.node);
    }
    if (found.empty()) return;
    auto& list = r.names_for(role);
    list.insert(list.end(), std::make_move_iterator(found.begin()), std::make_move_iterator(found.end()));
}

void ItemReader::read_identifier(const RdfObject& o, Record& r) {
    if (!o.is_literal()) {
        const RdfNode& n = g_.nodes[o.node];
        std::string url = literal_of(o.node, T_.value);
        if (url.empty() && !n.uri.starts_with("_:")) url = n.uri;
        if (url.empty()) return;
        if (!r.has("URL")) r.set("URL", std::move(url));
        else if (r.get("URL") != url) r.extra.emplace_back("zotero.url", std::move(url));
        return;
    }
    std::string s = clean(o.literal, -1);
    // Zotero writes "DOI 10.1/x", "ISBN 978...", "ISSN 0028-0836"; other text is an
    // accession number.
    auto space = s.find(' ');
    std::string_view word = std::string_view(s).substr(0, space == std::string::npos ? 0 : space);
    std::string rest = space == std::string::npos ? std::string() : std::string(text::trim(std::string_view(s).substr(space)));
    for (std::string_view id : {"DOI", "ISBN", "ISSN"}) {
        if (!word.empty() && text::equals_icase(word, id)) {
            set_field(r, id, rest, -1);
            return;
        }
    }
    if (s.starts_with("10.") && s.find('/') != std::string::npos) set_field(r, "DOI", s, -1);
    else if (!s.empty()) r.extra.emplace_back("zotero.accessionNumber", s);
}

void ItemReader::read_tag(const RdfObject& o, Record& r) {
    std::string tag;
    bool automatic = false;
    if (o.is_literal()) {
        tag = clean(o.literal, -1);
    } else {
        const RdfNode& n = g_.nodes[o.node];
        if (n.has_type(T_.lcc) || n.has_type(T_.ddc) || n.has_type(T_.udc)) {
            set_field(r, "call-number", literal_of(o.node, T_.value), -1);
            return;
        }
        tag = literal_of(o.node, T_.value);
        automatic = n.has_type(T_.automatic_tag);
    }
    if (tag.empty()) return;
    if (tag == highlight_tag_) {
        r.highlight = true;
        return;
    }
    r.keywords.push_back(tag);
    // Zotero's automatic tags (type 1) are written back as such.
    if (automatic) r.extra.emplace_back("zotero.AutomaticTag", std::move(tag));
}

void ItemReader::read_attachment(int node, Record& r) {
    const RdfNode& n = g_.nodes[node];
    std::string title = literal_of(node, T_.title);
    std::string url;
    if (int id = n.target(T_.identifier); id >= 0) url = literal_of(id, T_.value);
    if (url.empty()) url = literal_of(node, T_.z_path);
    if (url.empty())
        if (int res = n.target(T_.rdf_resource); res >= 0) url = g_.nodes[res].uri;
    if (url.empty()) {
        diags_.warning(line(n.offset), column(n.offset),
                       "attachment '" + title + "' has neither a url nor a file path; ignored",
                       std::string(r.label()));
        return;
    }
    Link l;
    if (title.empty()) title = literal_of(node, T_.link_type) == "application/pdf" ? "pdf" : "link";
    // The role is dc:type when the writer had to title the link by its label; else the title.
    l.role = literal_of(node, T_.dc_type);
    if (l.role.empty()) l.role = text::ascii_lower(title);
    if (l.role != title) l.label = title;
    l.url = std::move(url);
    r.links.push_back(std::move(l));
}

void ItemReader::read_container(int first, Record& r, std::string_view item_type) {
    // A container in a container (a journal in a series) is walked with an explicit stack:
    // the chain comes from the input, so its length must not set the depth of recursion.
    std::set<int> seen{first};   // isPartOf cycles
    std::vector<std::pair<int, std::size_t>> stack{{first, 0}};   // node, next property
    while (!stack.empty()) {
        auto [node, next] = stack.back();
        const RdfNode& c = g_.nodes[node];
        if (next == c.properties.size()) {
            stack.pop_back();
            continue;
        }
        ++stack.back().second;
        const RdfProperty& p = c.properties[next];
        if (p.predicate == T_.is_part_of && !p.object.is_literal()) {
            if (seen.insert(p.object.node).second) stack.emplace_back(p.object.node, 0);
            continue;
        }
        read_container_property(c, p, r, item_type);
    }
}

void ItemReader::read_container_property(const RdfNode& c, const RdfProperty& p, Record& r,
                                         std::string_view item_type) {
    if (!p.object.is_literal() && p.predicate != T_.identifier) return keep_unknown(p, r);
    bool series = c.has_type(T_.series), part = c.has_type(T_.part);
    std::string v = p.object.is_literal() ? clean(p.object.literal, p.offset) : std::string();
    if (series) {
        if (p.predicate == T_.title) set_field(r, "collection-title", v, p.offset);
        else if (p.predicate == T_.identifier) set_field(r, "collection-number", v, p.offset);
        else if (p.predicate == T_.alternative) r.extra.emplace_back("zotero.seriesTitle", v);
        else if (p.predicate == T_.description) r.extra.emplace_back("zotero.seriesText", v);
        else keep_unknown(p, r);
    } else if (part) {
        if (p.predicate == T_.title) set_field(r, "section", v, p.offset);
        else keep_unknown(p, r);
    } else if (p.predicate == T_.title) {
        set_field(r, "container-title", v, p.offset);
    } else if (p.predicate == T_.alternative) {
        set_field(r, "container-title-short", v, p.offset);
    } else if (p.predicate == T_.volume) {
        set_field(r, "volume", v, p.offset);
    } else if (p.predicate == T_.number) {
        set_field(r, t_.has_field(item_type, "issue") ? "issue" : "number", v, p.offset);
    } else if (p.predicate == T_.identifier) {
        read_identifier(p.object, r);
    } else {
        keep_unknown(p, r);
    }
}

void ItemReader::read_property(const RdfProperty& p, Record& r, std::string& extra_text,
                               std::string_view item_type) {
    const int pred = p.predicate;
    const std::string_view pred_uri = g_.term(pred);
    const RdfObject& o = p.object;
    auto text_value = [&](bool prose = false) { return o.is_literal() ? clean(o.literal, p.offset, prose) : std::string(); };

    if (pred == T_.item_type || pred == T_.z_type) return;
    if (pred == T_.authors) return read_creators("author", o, r, item_type);
    if (pred == T_.editors) return read_creators("editor", o, r, item_type);
    if (pred == T_.contributors) return read_creators("contributor", o, r, item_type);
    if (pred_uri.starts_with(ns::z) && pred_uri.ends_with('s') && !o.is_literal()) {
        std::string_view local = pred_uri.substr(ns::z.size());
        return read_creators(local.substr(0, local.size() - 1), o, r, item_type);
    }
    if (pred == T_.is_part_of && !o.is_literal()) return read_container(o.node, r, item_type);
    if (pred == T_.identifier) return read_identifier(o, r);
    if (pred == T_.subject) return read_tag(o, r);
    if (pred == T_.referenced_by && !o.is_literal()) {
        if (const std::string_view* raw = g_.nodes[o.node].literal(T_.value)) {
            std::string note = clean(*raw, p.offset, true);
            if (!note.empty()) r.notes.push_back(std::move(note));
        }
        return;
    }
    if (pred == T_.link && !o.is_literal()) return read_attachment(o.node, r);
    if (pred == T_.publisher) {
        if (o.is_literal()) return set_field(r, "publisher", text_value(), p.offset);
        set_field(r, "publisher", literal_of(o.node, T_.foaf_name), p.offset);
        if (int adr = g_.nodes[o.node].target(T_.adr); adr >= 0)
            set_field(r, "publisher-place", literal_of(adr, T_.locality), p.offset);
        return;
    }
    if (pred == T_.presented_at && !o.is_literal())
        return set_field(r, "event-title", literal_of(o.node, T_.title), p.offset);
    if (pred == T_.relation || pred == T_.dcterms_relation) {
        if (!o.is_literal()) r.extra.emplace_back("zotero.relation", g_.nodes[o.node].uri);
        return;
    }
    if (!o.is_literal()) return keep_unknown(p, r);

    if (pred == T_.title) return set_field(r, "title", text_value(), p.offset);
    if (pred == T_.abstract) return set_field(r, "abstract", text_value(true), p.offset);
    if (pred == T_.pages) return set_field(r, "page", text_value(), p.offset);
    if (pred == T_.date || pred == T_.date_submitted) {
        std::string_view var = pred == T_.date ? "issued" : "accessed";
        std::string v = text_value();
        if (v.empty()) return;
        if (r.find_date(var)) return keep_unknown(p, r);
        r.dates.push_back(parse_date_text(var, v));
        return;
    }
    if (pred == T_.description) {
        std::string v = text_value(true);
        if (!extra_text.empty() && !v.empty()) extra_text += '\n';
        extra_text += v;
        return;
    }
    if (pred == T_.volume) return set_field(r, "volume", text_value(), p.offset);
    if (pred == T_.number)
        return set_field(r, t_.has_field(item_type, "issue") ? "issue" : "number", text_value(), p.offset);
    if (pred == T_.edition)
        return set_field(r, t_.has_field(item_type, "versionNumber") ? "version" : "edition", text_value(), p.offset);
    if (pred == T_.alternative) return set_field(r, "container-title-short", text_value(), p.offset);
    if (pred == T_.rights) return set_field(r, "license", text_value(), p.offset);
    if (pred == T_.coverage) return set_field(r, "archive_location", text_value(), p.offset);
    if (pred == T_.medium) return set_field(r, "medium", text_value(), p.offset);
    if (pred == T_.dc_type) return set_field(r, "genre", text_value(), p.offset);
    if (pred == T_.dc_language || pred == T_.dcterms_language) return set_field(r, "language", text_value(), p.offset);
    if (pred_uri.starts_with(ns::z)) {
        std::string_view local = pred_uri.substr(ns::z.size());
        if (local == "shortTitle") {
            if (r.alias.empty()) r.alias = text_value();
            else keep_unknown(p, r);
            return;
        }
        if (local == "citationKey") {
            if (r.citation_key.empty()) r.citation_key = text_value();
            return;
        }
        if (auto var = t_.z_fields.read(local)) return set_field(r, *var, text_value(), p.offset);
    }
    keep_unknown(p, r);
}

Record ItemReader::read_item(int node) {
    const RdfNode& n = g_.nodes[node];
    Record r;
    r.source_line = line(n.offset);
    std::string item_type(item_type_of(n));
    if (item_type.empty() && n.has_type(T_.memo)) item_type = "note";
    r.type = t_.types.read(item_type).value_or("document");
    // Keep the Zotero type when the CSL type would not give it back (tvBroadcast, email, a
    // type this table does not know).
    if (!t_.known_item_type(item_type) || t_.types.write(r.type).value_or("") != item_type)
        r.extra.emplace_back("zotero.itemType", item_type);

    std::string extra_text;
    if (item_type == "note") {
        // A standalone note: its text is the record's note.
        if (const std::string_view* v = n.literal(T_.value)) r.notes.push_back(clean(*v, n.offset, true));
    }
    for (const auto& p : n.properties) {
        if (item_type == "note" && p.predicate == T_.value) continue;
        read_property(p, r, extra_text, item_type);
    }
    if (!extra_text.empty()) {
        std::string rest = apply_extra(extra_text, r);
        if (!rest.empty()) set_field(r, "note", std::move(rest), n.offset);
    }
    // "bibport.et-al: author, editor": those name lists end with the et-al marker, which
    // Zotero has no creator for.
    for (auto it = r.extra.begin(); it != r.extra.end();) {
        if (it->first != "bibport.et-al") {
            ++it;
            continue;
        }
        std::string_view roles = it->second;
        std::size_t pos = 0;
        while (pos <= roles.size()) {
            std::size_t end = roles.find(',', pos);
            if (end == std::string_view::npos) end = roles.size();
            std::string role(text::trim(roles.substr(pos, end - pos)));
            if (!role.empty()) r.names_for(role).push_back(names::others());
            pos = end + 1;
        }
        it = r.extra.erase(it);
    }
    // The item URL is also the paper link of a paper list (see the record conventions).
    if (!r.get("URL").empty() && r.link("paper").empty())
        r.links.insert(r.links.begin(), Link{"paper", std::string(r.get("URL")), {}});
    if (r.get("title").empty() && item_type != "note")
        diags_.warning(line(n.offset), column(n.offset), "item has no title", std::string(r.label()));
    return r;
}

void ZoteroReadJob::read_collections(std::vector<int>& item_nodes) {
    std::vector<int> collections;
    std::unordered_set<int> has_parent;
    for (int id : g_.order) {
        const RdfNode& n = g_.nodes[id];
        if (!n.has_type(T_.z_collection) && !n.has_type(T_.bib_collection)) continue;
        collections.push_back(id);
        for (const auto& p : n.properties)
            if (p.predicate == T_.has_part && !p.object.is_literal() && p.object.node != id) {
                const RdfNode& child = g_.nodes[p.object.node];
                if (child.has_type(T_.z_collection) || child.has_type(T_.bib_collection))
                    has_parent.insert(p.object.node);
            }
    }
    std::unordered_map<int, std::vector<std::vector<std::string>>> trails_of_item;
    std::unordered_set<int> visited;
    // Collections in collections are walked with an explicit stack (the input sets the depth).
    struct Frame {
        int id;
        std::size_t next;
        std::vector<std::string> trail;
    };
    std::vector<Frame> stack;
    auto enter = [&](int id, std::vector<std::string> trail) {
        if (!visited.insert(id).second) return;
        if (trail.size() >= kMaxCollectionDepth) {
            const RdfNode& n = g_.nodes[id];
            out_.diagnostics.warning(reader_.line(n.offset), reader_.column(n.offset),
                                     "collection nested more than " + std::to_string(kMaxCollectionDepth) +
                                         " levels deep; its items keep the trail of its parent");
            return;
        }
        std::string name = reader_.literal_of(id, T_.title);
        trail.push_back(name.empty() ? std::string("Untitled") : name);
        out_.bibliography.sections.push_back(trail);
        stack.push_back(Frame{id, 0, std::move(trail)});
    };
    for (int root : collections) {
        if (has_parent.count(root)) continue;
        enter(root, {});
        while (!stack.empty()) {
            Frame& f = stack.back();
            const auto& properties = g_.nodes[f.id].properties;
            if (f.next == properties.size()) {
                stack.pop_back();
                continue;
            }
            const RdfProperty& p = properties[f.next++];
            if (p.predicate != T_.has_part || p.object.is_literal()) continue;
            const RdfNode& child = g_.nodes[p.object.node];
            if (child.has_type(T_.z_collection) || child.has_type(T_.bib_collection)) enter(p.object.node, f.trail);
            else trails_of_item[p.object.node].push_back(f.trail);
        }
    }
    for (int id : item_nodes) {
        auto it = trails_of_item.find(id);
        if (it == trails_of_item.end()) continue;
        Record& r = out_.bibliography.records[record_of_node_[static_cast<std::size_t>(id)]];
        r.sections = it->second.front();
        for (std::size_t i = 1; i < it->second.size(); ++i) r.other_sections.push_back(it->second[i]);
    }
}

void ZoteroReadJob::run() {
    // As Zotero's RDF import decides: a node another node points at with anything but a
    // relation or a collection's hasPart belongs to that node (child note, attachment,
    // container); so does a container member.
    child_part_.assign(g_.nodes.size(), 0);
    for (const auto& n : g_.nodes) {
        for (const auto& p : n.properties)
            if (!p.object.is_literal() && p.predicate != T_.relation && p.predicate != T_.dcterms_relation &&
                p.predicate != T_.has_part)
                child_part_[static_cast<std::size_t>(p.object.node)] = 1;
        for (int m : n.members) child_part_[static_cast<std::size_t>(m)] = 1;
    }

    bool zotero = false;
    for (const auto& n : g_.nodes)
        if (!reader_.item_type_of(n).empty()) {
            zotero = true;
            break;
        }
    if (!zotero) {
        bool any = false;
        for (int id : g_.order)
            if (!g_.nodes[id].has_type(T_.z_collection)) any = true;
        if (any)
            out_.diagnostics.error(1, 1,
                                   "not a zotero rdf file: no resource has a z:itemType (this reads zotero's "
                                   "own rdf export, not dublin core, bibo or other rdf)");
        return;
    }

    std::vector<int> item_nodes;
    for (int id : g_.order) {
        const RdfNode& n = g_.nodes[id];
        if (is_child_part(id)) continue;
        if (reader_.item_type_of(n).empty() && !n.has_type(T_.memo)) continue;
        item_nodes.push_back(id);
    }
    // Items are read in batches on worker threads (they only read the graph), each with the id
    // it asks for; here, in order, the ids are made unique (which depends on the items before)
    // and the warnings joined in order.
    const std::size_t n = item_nodes.size();
    std::unordered_set<std::string> ids;
    ids.reserve(n);
    record_of_node_.assign(g_.nodes.size(), 0);
    out_.bibliography.records.reserve(out_.bibliography.records.size() + n);
    const std::size_t batches = (n + kItemsPerBatch - 1) / kItemsPerBatch;
    const unsigned workers = std::thread::hardware_concurrency() < 2 || batches < 2 ? 0 : 2;
    std::size_t index = 0;
    ordered_batches<ItemBatch>(
        batches, workers,
        [&](std::size_t b) {
            ItemBatch batch;
            ItemReader reader(ctx_, batch.diagnostics);
            const std::size_t begin = b * kItemsPerBatch, end = std::min(n, begin + kItemsPerBatch);
            batch.records.reserve(end - begin);
            for (std::size_t i = begin; i < end; ++i) {
                Record r = reader.read_item(item_nodes[i]);
                std::string_view uri = g_.nodes[item_nodes[i]].uri;
                std::string rid = uri.starts_with("#") ? uri_unescape(uri.substr(1)) : std::string();
                if (rid.empty()) rid = r.citation_key;
                if (rid.empty()) rid = "item_" + std::to_string(i + 1);
                r.id = std::move(rid);
                batch.records.push_back(std::move(r));
            }
            return batch;
        },
        [&](ItemBatch& batch) {
            for (auto& d : batch.diagnostics.items()) out_.diagnostics.add(std::move(d));
            for (Record& r : batch.records) {
                std::string rid = std::move(r.id);
                for (int k = 2; !ids.insert(rid).second; ++k) rid = rid + "-" + std::to_string(k);
                r.id = std::move(rid);
                record_of_node_[static_cast<std::size_t>(item_nodes[index++])] = out_.bibliography.records.size();
                out_.bibliography.records.push_back(std::move(r));
            }
            return true;
        });
    read_collections(item_nodes);
}

std::string_view status_message(pugi::xml_parse_status s) {
    switch (s) {
        case pugi::status_file_not_found:
        case pugi::status_io_error: return "input could not be read";
        case pugi::status_out_of_memory: return "out of memory while parsing xml";
        case pugi::status_unrecognized_tag: return "malformed xml: expected an element, comment or declaration after '<'";
        case pugi::status_bad_pi: return "malformed xml: bad processing instruction or xml declaration";
        case pugi::status_bad_comment: return "malformed xml: bad comment (expected '-->')";
        case pugi::status_bad_cdata: return "malformed xml: bad cdata section (expected ']]>')";
        case pugi::status_bad_doctype: return "malformed xml: bad document type declaration";
        case pugi::status_bad_pcdata: return "malformed xml: bad character data";
        case pugi::status_bad_start_element: return "malformed xml: bad start tag (expected '>' or an attribute)";
        case pugi::status_bad_attribute: return "malformed xml: bad attribute (expected name=\"value\")";
        case pugi::status_bad_end_element: return "malformed xml: bad end tag (expected '>')";
        case pugi::status_end_element_mismatch:
            return "malformed xml: end tag does not match the open element (or an element is not closed)";
        case pugi::status_append_invalid_root: return "malformed xml: invalid root";
        case pugi::status_no_document_element: return "malformed xml: no root element";
        default: return "malformed xml";
    }
}

std::string parse_error_message(const pugi::xml_parse_result& parsed, std::string_view text) {
    bool at_end = parsed.offset + 1 >= static_cast<std::ptrdiff_t>(text.size());
    if (parsed.status == pugi::status_end_element_mismatch && at_end)
        return "malformed xml: the input ends before every element is closed";
    return std::string(status_message(parsed.status));
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/// The offset just after the '>' of the start tag of `el`, or npos.
std::size_t end_of_start_tag(std::string_view text, const pugi::xml_node& el) {
    char quote = 0;
    for (std::size_t i = static_cast<std::size_t>(std::max<std::ptrdiff_t>(el.offset_debug(), 0)); i < text.size(); ++i) {
        char c = text[i];
        if (quote) {
            if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
            quote = c;
        } else if (c == '>') {
            return i + 1;
        }
    }
    return std::string_view::npos;
}

/// If `text[at]` starts the end tag "</name>" (white space allowed before '>'), the offset
/// after it; else npos.
std::size_t close_tag_at(std::string_view text, std::size_t at, std::string_view name) {
    if (text.substr(at, 2) != "</" || text.substr(at + 2, name.size()) != name) return std::string_view::npos;
    std::size_t i = at + 2 + name.size();
    while (i < text.size() && is_space(text[i])) ++i;
    return i < text.size() && text[i] == '>' ? i + 1 : std::string_view::npos;
}

/// Whether the top-level element `el` was closed before the error at `error`: its last end tag
/// before the error ends a well-formed piece of XML that starts at `el`.
bool is_closed_before(std::string_view text, const pugi::xml_node& el, std::ptrdiff_t error) {
    std::size_t start = static_cast<std::size_t>(std::max<std::ptrdiff_t>(el.offset_debug() - 1, 0));
    std::string close = "</" + std::string(el.name());
    std::size_t limit = std::min(static_cast<std::size_t>(std::max<std::ptrdiff_t>(error, 0)), text.size());
    if (limit <= start) return false;
    std::size_t pos = text.substr(0, limit).rfind(close);
    if (pos == std::string_view::npos || pos < start) return false;
    std::size_t end = close_tag_at(text, pos, el.name());
    if (end == std::string_view::npos) return false;
    pugi::xml_document piece;
    return bool(piece.load_buffer(text.data() + start, end - start, pugi::parse_default, pugi::encoding_utf8));
}

/// The offset after the end tag "</name>" that closes a broken element, searched from the
/// error on (the error may be at that very end tag, whose name it points at); npos if none.
std::size_t end_of_close_tag(std::string_view text, std::string_view name, std::ptrdiff_t name_at, std::ptrdiff_t error) {
    std::size_t from = static_cast<std::size_t>(std::max<std::ptrdiff_t>({error - 2, name_at, 0}));
    std::string close = "</" + std::string(name);
    for (std::size_t pos = text.find(close, from); pos != std::string_view::npos; pos = text.find(close, pos + 1))
        if (std::size_t end = close_tag_at(text, pos, name); end != std::string_view::npos) return end;
    return std::string_view::npos;
}

/// The next '<' from `from` on that starts an element ("<name"), or npos.
std::size_t next_start_tag(std::string_view text, std::size_t from) {
    for (std::size_t pos = text.find('<', from); pos != std::string_view::npos; pos = text.find('<', pos + 1)) {
        unsigned char c = pos + 1 < text.size() ? static_cast<unsigned char>(text[pos + 1]) : 0;
        if (c == '_' || c == ':' || c >= 0x80 || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) return pos;
    }
    return std::string_view::npos;
}

}  // namespace

int ZoteroRdfReader::probe(std::string_view head) const noexcept {
    bool rdf = head.find("22-rdf-syntax-ns#") != std::string_view::npos;
    bool zotero = head.find("www.zotero.org/namespaces/export#") != std::string_view::npos;
    if (rdf && zotero) return 95;
    if (zotero) return 60;
    if (rdf) return 30;
    return 0;
}

void ZoteroRdfReader::do_read(std::string_view input, const Context& ctx, ReadResult& out) {
    LineIndex lines(input);
    auto at = [&](std::ptrdiff_t off) {
        std::size_t o = static_cast<std::size_t>(std::max<std::ptrdiff_t>(off, 0));
        return std::pair{lines.line(o), lines.column(o)};
    };
    auto error_at = [&](std::ptrdiff_t off, std::string msg) {
        auto [l, c] = at(off);
        out.diagnostics.error(l, c, std::move(msg));
    };
    auto skip_at = [&](std::ptrdiff_t off, std::string msg) {
        auto [l, c] = at(off);
        out.diagnostics.skip(l, c, std::move(msg));
    };

    // The tables load on another core while the XML is parsed and the graph built. Tables
    // that cannot be loaded fail the read with nothing else reported, as before any parsing.
    std::future<ZoteroTables> loading = std::async(std::launch::async, [&ctx] { return ZoteroTables::load(ctx); });
    const std::size_t diagnostics_before = out.diagnostics.items().size();
    // About one node per 256 bytes of Zotero RDF: sizes the node table and the arena.
    RdfGraph graph(input.size() / 256);
    // The graph's text points into the first document, which lives as long as the graph;
    // a document parsed again after a broken element is dropped, so its text is copied.
    pugi::xml_document first_doc;
    // XML has no recovery of its own. After a well-formedness error the elements completed
    // before it are kept (pugixml keeps the part it parsed), the broken top-level element is
    // skipped, and the text after it is parsed again behind the original prolog and root start
    // tag (so its namespace declarations still apply).
    std::string resynced;
    std::string_view text = input;
    std::size_t prolog_end = std::string_view::npos;
    for (int broken = 0;; ++broken) {
        pugi::xml_document resynced_doc;
        pugi::xml_document& doc = broken == 0 ? first_doc : resynced_doc;
        // parse_default has no parse_doctype: a DOCTYPE is skipped, its entities are never
        // declared, so external entities are not fetched and nothing is expanded.
        // parse_embed_pcdata keeps the text of an element in the element (no node of its own):
        // half the nodes, and what the graph reads (see RdfGraph::element_literal).
        pugi::xml_parse_result parsed = doc.load_buffer(text.data(), text.size(),
                                                        pugi::parse_default | pugi::parse_embed_pcdata,
                                                        pugi::encoding_utf8);
        pugi::xml_node root = doc.document_element();
        if (broken == 0) {
            bool rdf_root = root && expanded_name(root, root.name()) == std::string(ns::rdf) + "RDF";
            if (rdf_root) prolog_end = end_of_start_tag(input, root);
            if (!rdf_root || prolog_end == std::string_view::npos) {
                if (!parsed) error_at(parsed.offset, parse_error_message(parsed, input));
                else error_at(root.offset_debug() - 1, "not rdf/xml: the root element is <" + std::string(root.name()) +
                                                           ">, expected <rdf:RDF> as zotero rdf has");
                break;
            }
            if (auto dt = input.find("<!DOCTYPE"); dt != std::string_view::npos && dt < prolog_end &&
                                                   input.find("<!ENTITY", dt) < prolog_end)
                out.diagnostics.warning(lines.line(dt), lines.column(dt),
                                        "the document type declaration defines entities; they are not expanded "
                                        "and references to them stay as text");
        }
        std::vector<pugi::xml_node> items;
        for (auto el = root.first_child(); el; el = el.next_sibling())
            if (el.type() == pugi::node_element) items.push_back(el);
        // Every top-level element but the last was closed before the error; the last may not be.
        pugi::xml_node open;
        if (!parsed && !items.empty() && !is_closed_before(text, items.back(), parsed.offset)) {
            open = items.back();
            items.pop_back();
        }
        for (const auto& el : items) {
            if (std::ptrdiff_t deep = deeper_than(el, kMaxDepth); deep >= 0) {
                skip_at(graph.shift(deep), "elements nested more than " + std::to_string(kMaxDepth) +
                                               " levels deep; <" + std::string(el.name()) + "> from line " +
                                               std::to_string(at(graph.shift(el.offset_debug() - 1)).first) +
                                               " skipped");
                continue;
            }
            graph.add_node_element(el, broken > 0);
        }
        if (parsed) break;
        bool empty_root = input[prolog_end - 2] == '/';   // <rdf:RDF/>: nothing to resynchronise in

        std::ptrdiff_t error = parsed.offset;
        std::string message = parse_error_message(parsed, text);
        if (open)
            message += "; <" + std::string(open.name()) + "> from line " +
                       std::to_string(at(graph.shift(open.offset_debug() - 1)).first) + " skipped";
        skip_at(graph.shift(error), std::move(message));
        std::size_t resume = open ? end_of_close_tag(text, open.name(), open.offset_debug(), error)
                                  : next_start_tag(text, static_cast<std::size_t>(error) + 1);
        if (empty_root || resume == std::string_view::npos || resume >= text.size()) break;
        if (broken + 1 == kMaxBrokenPieces) {
            error_at(graph.shift(static_cast<std::ptrdiff_t>(resume)),
                     "more than " + std::to_string(kMaxBrokenPieces) + " malformed elements; the rest is not read");
            break;
        }
        std::size_t resume_in_input = static_cast<std::size_t>(graph.shift(static_cast<std::ptrdiff_t>(resume)));
        resynced.assign(input.substr(0, prolog_end));
        resynced.append(input.substr(resume_in_input));
        text = resynced;
        graph.shift = OffsetShift{static_cast<std::ptrdiff_t>(prolog_end),
                                  static_cast<std::ptrdiff_t>(resume_in_input - prolog_end)};
    }
    std::optional<ZoteroTables> loaded;
    try {
        loaded.emplace(loading.get());
    } catch (...) {
        out.diagnostics.items().resize(diagnostics_before);
        throw;
    }
    const ZoteroTables& tables = *loaded;
    if (prolog_end != std::string_view::npos) {
        for (const auto& p : graph.problems) {
            auto [l, c] = at(p.offset);
            out.diagnostics.warning(l, c, p.message);
        }
        ZoteroReadJob(graph, tables, ctx, lines, out).run();
    }
    for (auto& d : out.diagnostics.items())
        if (d.file.empty()) d.file = ctx.source_name;
}

}  // namespace bibport::plugins::zotero_rdf
