// SPDX-License-Identifier: MIT
#include "zotero_rdf_writer.hpp"

#include "rdf_namespaces.hpp"
#include "zotero_extra.hpp"
#include "zotero_rdf_reader.hpp"
#include "zotero_tables.hpp"

#include <bibport/text.hpp>

#include <pugixml.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>
#include <unordered_set>

namespace bibport::plugins::zotero_rdf {
namespace {

/// Builds the RDF/XML a record at a time and remembers which namespaces it used, so that only
/// those are declared (as Zotero's serializer does). A record's nodes are printed into `body`
/// as soon as it is done and then dropped: a tree of the whole file would take several times
/// the memory of its text.
class XmlBuilder {
public:
    explicit XmlBuilder(std::string& body) : body_(body) { root_ = doc_.append_child("rdf:RDF"); }

    pugi::xml_node root() const { return root_; }

    pugi::xml_node element(pugi::xml_node parent, std::string_view qname) {
        use(qname);
        return parent.append_child(std::string(qname).c_str());
    }
    pugi::xml_node element_after(pugi::xml_node parent, pugi::xml_node after, std::string_view qname) {
        use(qname);
        return parent.insert_child_after(std::string(qname).c_str(), after);
    }
    void literal(pugi::xml_node parent, std::string_view qname, std::string_view value) {
        element(parent, qname).text().set(std::string(value).c_str());
    }
    void resource(pugi::xml_node parent, std::string_view qname, std::string_view uri) {
        element(parent, qname).append_attribute("rdf:resource").set_value(std::string(uri).c_str());
    }
    /// "prefix:local" for a full predicate URI, declaring a new prefix if needed; "" when the
    /// URI has no usable local name.
    std::string qname_for(std::string_view uri);

    /// Prints the nodes made since the last call into the body and drops them.
    void flush();

    /// Prints what is left, then puts the XML declaration and the root's start tag (with the
    /// namespaces used) before the body and the root's end tag after it.
    void finish();

private:
    void use(std::string_view qname) {
        auto colon = qname.find(':');
        if (colon != std::string_view::npos) used_.insert(std::string(qname.substr(0, colon)));
    }

    std::string& body_;
    pugi::xml_document doc_;
    pugi::xml_node root_;
    std::set<std::string> used_;
    std::vector<std::pair<std::string, std::string>> extra_ns_;
};

bool is_ncname(std::string_view s) {
    if (s.empty()) return false;
    auto start = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
    if (!start(static_cast<unsigned char>(s[0]))) return false;
    for (unsigned char c : s)
        if (!start(c) && !(c >= '0' && c <= '9') && c != '-' && c != '.') return false;
    return true;
}

std::string XmlBuilder::qname_for(std::string_view uri) {
    auto cut = uri.find_last_of("#/");
    if (cut == std::string_view::npos || !is_ncname(uri.substr(cut + 1))) return {};
    std::string_view space = uri.substr(0, cut + 1), local = uri.substr(cut + 1);
    std::string prefix(prefix_of(space));
    if (prefix.empty()) {
        for (const auto& [p, u] : extra_ns_)
            if (u == space) prefix = p;
        if (prefix.empty()) {
            prefix = "ns" + std::to_string(extra_ns_.size() + 1);
            extra_ns_.emplace_back(prefix, std::string(space));
        }
    }
    return prefix + ":" + std::string(local);
}

/// pugixml's output appended to a string.
class StringWriter final : public pugi::xml_writer {
public:
    explicit StringWriter(std::string& out) : out_(out) {}
    void write(const void* data, std::size_t size) override { out_.append(static_cast<const char*>(data), size); }

private:
    std::string& out_;
};

constexpr const char* kIndent = "    ";

void XmlBuilder::flush() {
    StringWriter writer(body_);
    // Depth 1: indented as the root's children are when the whole document is saved.
    for (pugi::xml_node n = root_.first_child(); n; n = n.next_sibling())
        n.print(writer, kIndent, pugi::format_indent, pugi::encoding_utf8, 1);
    root_.remove_children();
}

void XmlBuilder::finish() {
    flush();
    // Declarations go first on the root, in Zotero's order.
    for (auto it = extra_ns_.rbegin(); it != extra_ns_.rend(); ++it)
        if (used_.count(it->first)) root_.prepend_attribute(("xmlns:" + it->first).c_str()).set_value(it->second.c_str());
    for (auto it = known_prefixes.rbegin(); it != known_prefixes.rend(); ++it)
        if (used_.count(std::string(it->prefix)) || it->prefix == "rdf")
            root_.prepend_attribute(("xmlns:" + std::string(it->prefix)).c_str())
                .set_value(std::string(it->uri).c_str());
    auto decl = doc_.prepend_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    // The head and the tail as pugixml prints them around one placeholder child; with no
    // children at all the root is printed as an empty element.
    const bool empty = body_.empty();
    if (!empty) root_.append_child("placeholder");
    std::string frame;
    StringWriter writer(frame);
    doc_.save(writer, kIndent, pugi::format_indent, pugi::encoding_utf8);
    if (empty) {
        body_ = std::move(frame);
        return;
    }
    const std::string_view placeholder = "    <placeholder />\n";
    const std::size_t at = frame.find(placeholder);
    if (at == std::string::npos) throw std::logic_error("zotero rdf: unexpected document frame");
    body_.insert(0, frame, 0, at);
    body_.append(frame, at + placeholder.size());
}

/// A collection tree built from heading trails, children in first-seen order.
struct CollectionTree {
    struct Node {
        std::string name;
        std::vector<std::size_t> children;
        std::vector<std::string> items;   // rdf:about of member items
        std::string about;
    };
    std::vector<Node> nodes;
    std::vector<std::size_t> roots;

    std::size_t add(const std::vector<std::string>& trail) {
        std::size_t current = SIZE_MAX;
        for (const auto& name : trail) {
            auto& list = current == SIZE_MAX ? roots : nodes[current].children;
            std::size_t found = SIZE_MAX;
            for (std::size_t c : list)
                if (nodes[c].name == name) found = c;
            if (found == SIZE_MAX) {
                found = nodes.size();
                nodes.push_back(Node{name, {}, {}, {}});
                (current == SIZE_MAX ? roots : nodes[current].children).push_back(found);
            }
            current = found;
        }
        return current;
    }
};

/// Every piece of text of a record, with where it sits, for the XML 1.0 check.
std::optional<std::string> invalid_text_in(const Record& r) {
    std::optional<std::string> bad;
    auto check = [&](std::string_view what, std::string_view s) {
        if (bad) return;
        if (auto why = invalid_xml_text(s)) bad = *why + " in " + std::string(what);
    };
    check("the type", r.type);
    check("the id", r.id);
    check("the citation key", r.citation_key);
    for (const auto& f : r.fields) check("field '" + f.name + "'", f.value.text), check("a field name", f.name);
    for (const auto& l : r.names) {
        check("a name role", l.role);
        for (const auto& n : l.names)
            for (auto part : {&n.family, &n.given, &n.dropping_particle, &n.non_dropping_particle, &n.suffix, &n.literal})
                check("a name of '" + l.role + "'", *part);
    }
    for (const auto& d : r.dates)
        check("date '" + d.name + "'", d.literal), check("date '" + d.name + "'", d.raw),
            check("date '" + d.name + "'", d.season.text);
    for (const auto& k : r.keywords) check("a keyword", k);
    for (const auto& k : r.categories) check("a category", k);
    check("the alias", r.alias);
    for (const auto& s : r.sections) check("a section heading", s);
    for (const auto& t : r.other_sections)
        for (const auto& s : t) check("a section heading", s);
    for (const auto& l : r.links) check("a link", l.url), check("a link", l.role), check("a link", l.label);
    check("the arxiv id", r.arxiv);
    for (const auto& n : r.notes) check("a note", n);
    for (const auto& [k, v] : r.extra) check("extra '" + k + "'", v), check("an extra key", k);
    return bad;
}

class ZoteroWriteJob {
public:
    ZoteroWriteJob(const ZoteroTables& t, const Context& ctx, WriteResult& out)
        : t_(t), out_(out), highlight_tag_(ctx.option("highlight-tag", default_highlight_tag)) {}

    void run(const Bibliography& bib);

private:
    struct ItemState {
        const Record* r = nullptr;
        std::string item_type;
        pugi::xml_node item, type_node, container, series, organization;
        bool number_used = false, edition_used = false;
        std::vector<std::string> et_al;   // roles whose list ends with the et-al marker
        std::vector<std::string> extra_lines;
        std::string note_text;
    };

    std::string unique_about(std::string wanted) {
        std::string about = wanted;
        for (int k = 2; !used_abouts_.insert(about).second; ++k) about = wanted + "-" + std::to_string(k);
        return about;
    }
    void write_record(const Record& r, const std::string& about);
    void write_names(ItemState& s);
    void write_field(ItemState& s, const Field& f);
    void write_extra(ItemState& s, const std::string& key, const std::string& value);
    void extra_line(ItemState& s, std::string_view key, std::string_view value);
    pugi::xml_node container_or_item(ItemState& s);
    pugi::xml_node organization(ItemState& s);
    pugi::xml_node series(ItemState& s);
    void write_collections(const Bibliography& bib);

    const ZoteroTables& t_;
    WriteResult& out_;
    std::string highlight_tag_;
    XmlBuilder xml_{out_.text};
    std::unordered_set<std::string> used_abouts_;
    CollectionTree collections_;
    std::vector<std::pair<std::vector<std::string>, std::string>> memberships_;   // trail, about
};

pugi::xml_node ZoteroWriteJob::container_or_item(ItemState& s) {
    if (s.container) return s.container;
    std::string_view cls = t_.container_class(s.item_type);
    if (cls.empty()) return s.item;
    // Zotero nests the container under dcterms:isPartOf right after z:itemType.
    auto part_of = xml_.element_after(s.item, s.type_node, "dcterms:isPartOf");
    s.container = xml_.element(part_of, cls);
    return s.container;
}

pugi::xml_node ZoteroWriteJob::organization(ItemState& s) {
    if (!s.organization)
        s.organization = xml_.element(xml_.element(s.item, "dc:publisher"), "foaf:Organization");
    return s.organization;
}

pugi::xml_node ZoteroWriteJob::series(ItemState& s) {
    if (!s.series) s.series = xml_.element(xml_.element(container_or_item(s), "dcterms:isPartOf"), "bib:Series");
    return s.series;
}

void ZoteroWriteJob::extra_line(ItemState& s, std::string_view key, std::string_view value) {
    std::string v(value);
    if (v.find('\n') != std::string::npos || v.find('\r') != std::string::npos) {
        // Extra is line-based: a line break would split the value.
        for (char& c : v)
            if (c == '\n' || c == '\r') c = ' ';
        out_.diagnostics.loss("newline", "line breaks in '" + std::string(key) + "' became spaces in zotero's extra field",
                              std::string(s.r->label()));
    }
    s.extra_lines.push_back(std::string(key) + ": " + v);
}

void ZoteroWriteJob::write_names(ItemState& s) {
    std::map<std::string, pugi::xml_node> seqs;
    for (const auto& list : s.r->names) {
        std::string creator_type;
        auto primary = t_.primary_creator.find(s.item_type);
        if (list.role == "author" && primary != t_.primary_creator.end()) creator_type = primary->second;
        else creator_type = t_.creators.write(list.role).value_or(list.role);
        bool biblio = creator_type == "author" || creator_type == "editor" || creator_type == "contributor";
        std::string prop = (biblio ? "bib:" : "z:") + creator_type + "s";
        if (!is_ncname(creator_type)) {
            out_.diagnostics.loss("creator", "creator role '" + list.role + "' cannot be written", std::string(s.r->label()));
            continue;
        }
        pugi::xml_node seq;
        if (auto it = seqs.find(prop); it != seqs.end()) seq = it->second;
        else seq = seqs[prop] = xml_.element(xml_.element(s.item, prop), "rdf:Seq");
        for (const auto& n : list.names) {
            if (n.is_others()) {
                // Zotero has no et-al creator; an Extra line keeps the marker (read back only).
                if (std::find(s.et_al.begin(), s.et_al.end(), list.role) == s.et_al.end()) s.et_al.push_back(list.role);
                continue;
            }
            auto person = xml_.element(xml_.element(seq, "rdf:li"), "foaf:Person");
            if (n.is_literal()) {
                xml_.literal(person, "foaf:surname", n.literal);   // single-field name, as Zotero writes it
                continue;
            }
            // Zotero keeps particles inside the name parts and the suffix after the given name.
            std::string surname = n.non_dropping_particle.empty() ? n.family : n.non_dropping_particle + " " + n.family;
            std::string given = n.dropping_particle.empty() ? n.given : n.given + " " + n.dropping_particle;
            if (!n.suffix.empty()) given += ", " + n.suffix;
            xml_.literal(person, "foaf:surname", surname);
            // An empty givenName keeps a two-part name without given name apart from a
            // single-field one; Zotero reads both as single-field.
            xml_.literal(person, "foaf:givenName", given);
        }
    }
}

void ZoteroWriteJob::write_field(ItemState& s, const Field& f) {
    const std::string& name = f.name;
    const std::string& v = f.value.text;
    const std::string& type = s.item_type;
    if (v.empty()) return;
    if (name == "title") return xml_.literal(s.item, "dc:title", v);
    if (name == "container-title") {
        if (t_.container_class(type).empty()) return extra_line(s, name, v);
        return xml_.literal(container_or_item(s), "dc:title", v);
    }
    if (name == "container-title-short") {
        if (!t_.has_field(type, "journalAbbreviation")) return extra_line(s, name, v);
        return xml_.literal(container_or_item(s), "dcterms:alternative", v);
    }
    if (name == "volume") {
        if (!t_.has_field(type, "volume")) return extra_line(s, name, v);
        return xml_.literal(container_or_item(s), "prism:volume", v);
    }
    if (name == "issue" || name == "number") {
        if (s.number_used || !t_.has_field(type, name)) return extra_line(s, name, v);
        s.number_used = true;
        return xml_.literal(container_or_item(s), "prism:number", v);
    }
    if (name == "DOI" || name == "ISBN" || name == "ISSN")
        return xml_.literal(container_or_item(s), "dc:identifier", name + " " + v);
    if (name == "URL") {
        auto uri = xml_.element(xml_.element(s.item, "dc:identifier"), "dcterms:URI");
        return xml_.literal(uri, "rdf:value", v);
    }
    if (name == "page") {
        if (!t_.has_field(type, "pages")) return extra_line(s, name, v);
        return xml_.literal(s.item, "bib:pages", v);
    }
    if (name == "abstract") return xml_.literal(s.item, "dcterms:abstract", v);
    if (name == "publisher") {
        if (!t_.has_field(type, "publisher")) return extra_line(s, name, v);
        return xml_.literal(organization(s), "foaf:name", v);
    }
    if (name == "publisher-place") {
        if (!t_.has_field(type, "publisher")) return extra_line(s, name, v);
        auto adr = xml_.element(xml_.element(organization(s), "vcard:adr"), "vcard:Address");
        return xml_.literal(adr, "vcard:locality", v);
    }
    if (name == "event-title") {
        if (!t_.has_field(type, "conferenceName")) return extra_line(s, name, v);
        auto conf = xml_.element(xml_.element(s.item, "bib:presentedAt"), "bib:Conference");
        return xml_.literal(conf, "dc:title", v);
    }
    if (name == "collection-title") {
        if (!t_.has_field(type, "series")) return extra_line(s, name, v);
        return xml_.literal(series(s), "dc:title", v);
    }
    if (name == "collection-number") {
        if (!t_.has_field(type, "seriesNumber")) return extra_line(s, name, v);
        return xml_.literal(series(s), "dc:identifier", v);
    }
    if (name == "edition" || name == "version") {
        std::string_view field = name == "edition" ? "edition" : "versionNumber";
        if (s.edition_used || !t_.has_field(type, field)) return extra_line(s, name, v);
        s.edition_used = true;
        return xml_.literal(s.item, "prism:edition", v);
    }
    if (name == "genre") return xml_.literal(s.item, "dc:type", v);
    if (name == "archive_location") return xml_.literal(s.item, "dc:coverage", v);
    if (name == "license") return xml_.literal(s.item, "dc:rights", v);
    if (name == "medium") return xml_.literal(s.item, "dcterms:medium", v);
    if (name == "call-number") {
        auto lcc = xml_.element(xml_.element(s.item, "dc:subject"), "dcterms:LCC");
        return xml_.literal(lcc, "rdf:value", v);
    }
    if (name == "title-short" && v == s.r->alias) return;   // z:shortTitle holds the alias already
    if (name == "note") {
        if (!s.note_text.empty()) s.note_text += '\n';
        s.note_text += v;
        return;
    }
    if (auto field = t_.z_fields.write(name); field && t_.has_field(type, *field))
        return xml_.literal(s.item, "z:" + *field, v);
    // Zotero reads a CSL variable named in Extra ("container-title-short: CVPR") as that field.
    extra_line(s, name, v);
}

void ZoteroWriteJob::write_extra(ItemState& s, const std::string& key, const std::string& value) {
    if (key.starts_with("zotero.")) {
        std::string_view local = std::string_view(key).substr(7);
        if (local == "itemType") return;   // already the item type
        if (local == "AutomaticTag") return;   // written with the tags
        if (local == "relation") return xml_.resource(s.item, "dc:relation", value);
        std::string qname;
        if (is_ncname(local)) {
            qname = "z:" + std::string(local);
        } else if (auto colon = local.find(':'); colon != std::string_view::npos &&
                                                 !uri_of(local.substr(0, colon)).empty() &&
                                                 is_ncname(local.substr(colon + 1))) {
            qname = std::string(local);
        } else if (local.starts_with("http://") || local.starts_with("https://")) {
            qname = xml_.qname_for(local);
        }
        if (!qname.empty()) return xml_.literal(s.item, qname, value);
        return extra_line(s, key, value);
    }
    if (key.starts_with("bibtex.")) return extra_line(s, "tex." + key.substr(7), value);   // Better BibTeX's form
    extra_line(s, key, value);
}

void ZoteroWriteJob::write_record(const Record& r, const std::string& about) {
    ItemState s;
    s.r = &r;
    s.item_type = std::string(r.get_extra("zotero.itemType"));
    if (s.item_type.empty()) s.item_type = t_.types.write(r.type).value_or("document");

    std::string_view cls = t_.item_class(s.item_type);
    s.item = xml_.element(xml_.root(), cls.empty() ? std::string_view("rdf:Description") : cls);
    s.item.append_attribute("rdf:about").set_value(about.c_str());
    s.type_node = xml_.element(s.item, "z:itemType");
    s.type_node.text().set(s.item_type.c_str());

    write_names(s);

    // Child notes and link attachments: separate nodes after the item, as Zotero writes them.
    std::vector<std::pair<std::string, const std::string*>> memos;
    for (std::size_t i = 0; i < r.notes.size(); ++i) {
        std::string note_about = unique_about(about + "-note-" + std::to_string(i + 1));
        xml_.resource(s.item, "dcterms:isReferencedBy", note_about);
        memos.emplace_back(note_about, &r.notes[i]);
    }
    std::vector<std::pair<std::string, const Link*>> attachments;
    std::string_view url = r.get("URL");
    for (const auto& l : r.links) {
        // The paper link is the item's own URL, unless it carries a label to keep.
        if (l.role == "paper" && l.url == url && l.label.empty()) continue;
        std::string link_about = unique_about(about + "-link-" + std::to_string(attachments.size() + 1));
        xml_.resource(s.item, "link:link", link_about);
        attachments.emplace_back(link_about, &l);
    }

    std::set<std::string> automatic;
    for (const auto& [k, v] : r.extra)
        if (k == "zotero.AutomaticTag") automatic.insert(v);
    if (r.highlight) xml_.literal(s.item, "dc:subject", highlight_tag_);
    for (const auto& k : r.keywords) {
        if (automatic.count(k)) {
            auto tag = xml_.element(xml_.element(s.item, "dc:subject"), "z:AutomaticTag");
            xml_.literal(tag, "rdf:value", k);
        } else {
            xml_.literal(s.item, "dc:subject", k);
        }
    }

    if (!r.arxiv.empty()) s.extra_lines.push_back("arXiv: " + r.arxiv);
    if (!r.citation_key.empty()) s.extra_lines.push_back("Citation Key: " + r.citation_key);
    // A CSL type Zotero lacks (review, classic, ...) travels as an Extra line.
    if (r.get_extra("zotero.itemType").empty() && t_.types.read(s.item_type).value_or("") != r.type)
        s.extra_lines.push_back("type: " + r.type);
    if (!r.categories.empty()) {
        std::string joined;
        for (const auto& c : r.categories) joined += (joined.empty() ? "" : "; ") + c;
        extra_line(s, "categories", joined);
    }

    if (!s.et_al.empty()) {
        std::string roles;
        for (const auto& role : s.et_al) {
            if (!roles.empty()) roles += ", ";
            roles += role;
        }
        s.extra_lines.push_back("bibport.et-al: " + roles);
    }
    for (const auto& f : r.fields) write_field(s, f);
    for (const auto& d : r.dates) {
        std::string v = format_date(d);
        if (v.empty()) continue;
        if (d.name == "issued") xml_.literal(s.item, "dc:date", v);
        else if (d.name == "accessed") xml_.literal(s.item, "dcterms:dateSubmitted", v);
        else extra_line(s, d.name, v);
    }
    if (!r.alias.empty()) xml_.literal(s.item, "z:shortTitle", r.alias);
    for (const auto& [k, v] : r.extra) write_extra(s, k, v);

    std::string extra;
    for (const auto& line : s.extra_lines) extra += (extra.empty() ? "" : "\n") + line;
    if (!s.note_text.empty()) extra += (extra.empty() ? "" : "\n") + s.note_text;
    if (!extra.empty()) xml_.literal(s.item, "dc:description", extra);

    for (const auto& [note_about, text] : memos) {
        auto memo = xml_.element(xml_.root(), "bib:Memo");
        memo.append_attribute("rdf:about").set_value(note_about.c_str());
        xml_.literal(memo, "rdf:value", *text);
    }
    for (const auto& [link_about, l] : attachments) {
        auto att = xml_.element(xml_.root(), "z:Attachment");
        att.append_attribute("rdf:about").set_value(link_about.c_str());
        xml_.literal(att, "z:itemType", "attachment");
        xml_.literal(att, "dc:title", l->label.empty() ? l->role : l->label);
        // Titled by its label, the link keeps its role as its dc:type (Zotero ignores it).
        if (!l->label.empty() && text::ascii_lower(l->label) != l->role) xml_.literal(att, "dc:type", l->role);
        auto uri = xml_.element(xml_.element(att, "dc:identifier"), "dcterms:URI");
        xml_.literal(uri, "rdf:value", l->url);
        xml_.literal(att, "z:linkMode", "3");   // Zotero's linked URL
    }

    if (!r.sections.empty()) memberships_.emplace_back(r.sections, about);
    for (const auto& t : r.other_sections)
        if (!t.empty()) memberships_.emplace_back(t, about);
}

void ZoteroWriteJob::write_collections(const Bibliography& bib) {
    for (const auto& trail : bib.sections) {
        bool ok = !trail.empty();
        for (const auto& name : trail)
            if (invalid_xml_text(name)) ok = false;
        if (ok) collections_.add(trail);
        else if (!trail.empty())
            out_.diagnostics.error(0, 0, "section heading with characters xml 1.0 cannot hold; collection not written");
    }
    for (const auto& [trail, about] : memberships_) collections_.nodes[collections_.add(trail)].items.push_back(about);

    // Numbered in pre-order, written parent first, as Zotero does.
    // An explicit stack: a heading trail from the input may be as deep as it likes.
    std::vector<std::size_t> order, pending(collections_.roots.rbegin(), collections_.roots.rend());
    while (!pending.empty()) {
        std::size_t n = pending.back();
        pending.pop_back();
        order.push_back(n);
        const auto& children = collections_.nodes[n].children;
        pending.insert(pending.end(), children.rbegin(), children.rend());
    }
    for (std::size_t i = 0; i < order.size(); ++i)
        collections_.nodes[order[i]].about = unique_about("#collection_" + std::to_string(i + 1));
    for (std::size_t n : order) {
        const auto& c = collections_.nodes[n];
        auto el = xml_.element(xml_.root(), "z:Collection");
        el.append_attribute("rdf:about").set_value(c.about.c_str());
        xml_.literal(el, "dc:title", c.name);
        for (std::size_t child : c.children) xml_.resource(el, "dcterms:hasPart", collections_.nodes[child].about);
        for (const auto& item : c.items) xml_.resource(el, "dcterms:hasPart", item);
    }
}

void ZoteroWriteJob::run(const Bibliography& bib) {
    if (!bib.title.empty())
        out_.diagnostics.loss("title", "zotero rdf has no document title; '" + bib.title + "' not written");
    if (!bib.description.empty())
        out_.diagnostics.loss("description", "zotero rdf has no document description; it is not written");
    for (const auto& [k, v] : bib.extra)
        out_.diagnostics.loss("document-extra", "document data '" + k + "' has no place in zotero rdf");

    // Room for the text (pages never written to cost nothing) and the head inserted before it.
    out_.text.reserve(bib.records.size() * 3000 + 8192);

    // Reserve every record's own about first so generated ones never take it.
    std::vector<std::string> abouts(bib.records.size());
    for (std::size_t i = 0; i < bib.records.size(); ++i) {
        const std::string& id = bib.records[i].id;
        if (!id.empty() && used_abouts_.insert("#" + uri_escape(id)).second) abouts[i] = "#" + uri_escape(id);
    }
    for (std::size_t i = 0; i < bib.records.size(); ++i) {
        const Record& r = bib.records[i];
        if (auto bad = invalid_text_in(r)) {
            out_.diagnostics.error(r.source_line, 0, "record not written: " + *bad + " (xml 1.0 cannot represent it)",
                                   std::string(r.label()), "skip");
            continue;
        }
        if (abouts[i].empty()) abouts[i] = unique_about("#item_" + std::to_string(i + 1));
        write_record(r, abouts[i]);
        xml_.flush();
    }
    write_collections(bib);
    xml_.finish();
}

}  // namespace

void ZoteroRdfWriter::do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) {
    ZoteroTables tables = ZoteroTables::load(ctx);
    ZoteroWriteJob(tables, ctx, out).run(bib);
}

}  // namespace bibport::plugins::zotero_rdf
