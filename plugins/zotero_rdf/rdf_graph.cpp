// SPDX-License-Identifier: MIT
#include "rdf_graph.hpp"

#include "rdf_namespaces.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace bibport::plugins::zotero_rdf {
namespace {

/// Whether a + b == c + d, without building either string.
bool concat_equals(std::string_view a, std::string_view b, std::string_view c, std::string_view d) noexcept {
    if (a.size() + b.size() != c.size() + d.size()) return false;
    auto at = [](std::string_view x, std::string_view y, std::size_t i) { return i < x.size() ? x[i] : y[i - x.size()]; };
    for (std::size_t i = 0, n = a.size() + b.size(); i < n; ++i)
        if (at(a, b, i) != at(c, d, i)) return false;
    return true;
}

/// The number n of a blank node name "_:b<n>" as blank() makes them (decimal, no leading
/// zero), or 0.
std::size_t blank_number(std::string_view uri) noexcept {
    if (!uri.starts_with("_:b") || uri.size() < 4 || uri.size() > 3 + 10 || uri[3] == '0') return 0;
    std::size_t n = 0;
    auto [end, ec] = std::from_chars(uri.data() + 3, uri.data() + uri.size(), n);
    if (ec != std::errc() || end != uri.data() + uri.size()) return 0;
    return n;
}

}  // namespace

std::string expanded_name(const pugi::xml_node& scope, std::string_view qname) {
    auto colon = qname.find(':');
    std::string_view prefix = colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
    std::string_view local = colon == std::string_view::npos ? qname : qname.substr(colon + 1);
    if (prefix == "xml") return std::string(ns::xml) + std::string(local);
    std::string wanted = prefix.empty() ? std::string("xmlns") : "xmlns:" + std::string(prefix);
    for (pugi::xml_node n = scope; n && n.type() == pugi::node_element; n = n.parent()) {
        if (auto a = n.attribute(wanted.c_str())) return std::string(a.value()) + std::string(local);
    }
    return {};
}

std::ptrdiff_t deeper_than(const pugi::xml_node& top, std::size_t limit) {
    std::size_t depth = 1;
    pugi::xml_node n = top;
    for (;;) {
        if (pugi::xml_node child = n.first_child()) {
            n = child;
            ++depth;
        } else {
            while (n != top && !n.next_sibling()) {
                n = n.parent();
                --depth;
            }
            if (n == top) return -1;
            n = n.next_sibling();
        }
        if (depth > limit && n.type() == pugi::node_element) {
            std::ptrdiff_t off = n.offset_debug();
            return off > 0 ? off - 1 : off;
        }
    }
}

RdfGraph::RdfGraph(std::size_t expected_nodes)
    : arena_(std::max<std::size_t>(expected_nodes * 64, 4096)), by_uri_(&arena_), term_ids_(&arena_), qname_terms_(&arena_) {
    nodes.reserve(expected_nodes);
    order.reserve(expected_nodes / 2);
    auto rdf = [&](std::string_view local) {
        scratch_.assign(ns::rdf);
        scratch_ += local;
        return intern(scratch_);
    };
    rdf_type_ = rdf("type");
    rdf_value_ = rdf("value");
    rdf_plain_literal_ = rdf("PlainLiteral");
    rdf_description_ = rdf("Description");
}

std::string_view RdfGraph::keep(std::string_view text) {
    if (text.empty()) return {};
    auto* p = static_cast<char*>(arena_.allocate(text.size(), 1));
    std::memcpy(p, text.data(), text.size());
    return {p, text.size()};
}

int RdfGraph::intern(std::string_view uri) {
    if (auto it = term_ids_.find(uri); it != term_ids_.end()) return it->second;
    std::string_view kept = keep(uri);
    int id = static_cast<int>(terms_.size());
    terms_.push_back(kept);
    term_ids_.emplace(kept, id);
    return id;
}

int RdfGraph::term_id(std::string_view uri) const {
    auto it = term_ids_.find(uri);
    return it == term_ids_.end() ? -1 : it->second;
}

/// Offset of the '<' that opens an element (pugixml reports the name after it), in the input.
std::ptrdiff_t RdfGraph::start_of(const pugi::xml_node& el) const {
    std::ptrdiff_t off = el.offset_debug();
    return shift(off > 0 ? off - 1 : off);
}

int RdfGraph::find(std::string_view uri) const {
    if (std::size_t n = blank_number(uri); n && n <= blank_nodes_.size()) return blank_nodes_[n - 1];
    auto it = by_uri_.find(uri);
    return it == by_uri_.end() ? -1 : it->second;
}

int RdfGraph::new_node(std::string_view uri) {
    int id = static_cast<int>(nodes.size());
    nodes.emplace_back(&arena_);
    nodes.back().uri = uri;
    return id;
}

// Blank nodes are named "_:b<n>" and share one name space with the URIs of the input (as a
// single map of names would): a URI that spells a blank name already made is that node, and a
// blank name that an earlier URI spelled is that URI's node.
int RdfGraph::node_for(std::string_view uri) {
    if (std::size_t n = blank_number(uri); n && n <= blank_nodes_.size()) return blank_nodes_[n - 1];
    if (auto it = by_uri_.find(uri); it != by_uri_.end()) return it->second;
    std::string_view kept = keep(uri);
    int id = new_node(kept);
    by_uri_.emplace(kept, id);
    if (uri.starts_with("_:b")) ++named_like_blank_;
    return id;
}

int RdfGraph::blank() {
    // "_:b" names cannot clash with rdf:nodeID names, which get "_:n" below.
    char buf[24] = "_:b";
    auto [end, ec] = std::to_chars(buf + 3, buf + sizeof buf, blank_nodes_.size() + 1);
    std::string_view name(buf, static_cast<std::size_t>(end - buf));
    int id = -1;
    if (named_like_blank_)
        if (auto it = by_uri_.find(name); it != by_uri_.end()) id = it->second;
    if (id < 0) id = new_node(keep(name));
    blank_nodes_.push_back(id);
    return id;
}

void RdfGraph::add_property(int subject, int predicate, RdfObject object, std::ptrdiff_t offset) {
    nodes[subject].properties.push_back(RdfProperty{predicate, object, offset});
}

void RdfGraph::push_bindings(const pugi::xml_node& el) {
    // The first declaration of a prefix on an element wins: pushed last, it is found first.
    std::size_t mark = scope_.size();
    for (auto a = el.first_attribute(); a; a = a.next_attribute()) {
        std::string_view name = a.name();
        if (!name.starts_with("xmlns")) continue;
        if (name.size() == 5) scope_.push_back({true, {}, a.value()});
        else if (name[5] == ':' && name.size() > 6) scope_.push_back({false, name.substr(6), a.value()});
    }
    if (scope_.size() - mark > 1) std::reverse(scope_.begin() + static_cast<std::ptrdiff_t>(mark), scope_.end());
}

bool RdfGraph::resolve(std::string_view qname, std::string_view& ns_uri, std::string_view& local) const {
    auto colon = qname.find(':');
    std::string_view prefix = colon == std::string_view::npos ? std::string_view() : qname.substr(0, colon);
    local = colon == std::string_view::npos ? qname : qname.substr(colon + 1);
    if (prefix == "xml") {
        ns_uri = ns::xml;
        return true;
    }
    for (auto b = scope_.rbegin(); b != scope_.rend(); ++b) {
        if (prefix.empty() ? b->is_default : (!b->is_default && b->prefix == prefix)) {
            ns_uri = b->uri;
            return true;
        }
    }
    return false;
}

const std::string& RdfGraph::expand(std::string_view qname) {
    std::string_view ns_uri, local;
    scratch_.clear();
    if (resolve(qname, ns_uri, local)) {
        scratch_.assign(ns_uri);
        scratch_ += local;
    }
    return scratch_;
}

RdfGraph::SyntaxAttributes RdfGraph::syntax_attributes(const pugi::xml_node& el) {
    // rdf:<local>, also accepted without prefix as old RDF/XML writers did; the first one of
    // each name counts.
    SyntaxAttributes s;
    for (auto a = el.first_attribute(); a; a = a.next_attribute()) {
        std::string_view name = a.name();
        auto colon = name.find(':');
        std::string_view local = colon == std::string_view::npos ? name : name.substr(colon + 1);
        const char** slot = local == "about"      ? &s.about
                            : local == "ID"        ? &s.id
                            : local == "nodeID"    ? &s.node_id
                            : local == "resource"  ? &s.resource
                            : local == "parseType" ? &s.parse_type
                                                   : nullptr;
        if (!slot || *slot) continue;
        if (colon != std::string_view::npos) {
            std::string_view ns_uri, l;
            if (!resolve(name, ns_uri, l) || !concat_equals(ns_uri, l, ns::rdf, local)) continue;
        }
        *slot = a.value();
    }
    return s;
}

bool RdfGraph::is_syntax_attribute(std::string_view name) {
    if (name == "xmlns" || name.starts_with("xmlns:") || name.starts_with("xml:")) return true;
    std::string_view ns_uri, local;
    if (!resolve(name, ns_uri, local) || (ns_uri.empty() && local.empty()))
        return name == "about" || name == "resource" || name == "ID" || name == "nodeID" || name == "parseType" ||
               name == "datatype";
    if (ns_uri.size() >= ns::rdf.size()) return ns_uri.starts_with(ns::rdf);
    return ns::rdf.starts_with(ns_uri) && local.starts_with(ns::rdf.substr(ns_uri.size()));
}

void RdfGraph::add_node_element(const pugi::xml_node& el, bool copy_text) {
    copy_text_ = copy_text;
    // The declarations in scope: those of the ancestors, outermost first.
    scope_.clear();
    std::vector<pugi::xml_node> ancestors;
    for (pugi::xml_node n = el.parent(); n && n.type() == pugi::node_element; n = n.parent()) ancestors.push_back(n);
    for (auto it = ancestors.rbegin(); it != ancestors.rend(); ++it) push_bindings(*it);
    // Element names resolve the same way under the same declarations: keep the cache while the
    // declarations of the ancestors stay those it was made under.
    auto same = [](const Binding& a, const Binding& b) {
        return a.is_default == b.is_default && a.prefix == b.prefix && a.uri == b.uri;
    };
    if (!std::equal(scope_.begin(), scope_.end(), base_scope_.begin(), base_scope_.end(), same)) {
        qname_terms_.clear();
        base_scope_.clear();
        for (const Binding& b : scope_) base_scope_.push_back({b.is_default, keep(b.prefix), keep(b.uri)});
    }
    parse_node_element(el);
}

int RdfGraph::element_term(std::string_view qname) {
    auto of = [&] {
        const std::string& expanded = expand(qname);
        return expanded.empty() ? -1 : intern(expanded);
    };
    if (scope_.size() != base_scope_.size()) return of();   // declarations of its own in scope
    if (auto it = qname_terms_.find(qname); it != qname_terms_.end()) return it->second;
    int id = of();
    qname_terms_.emplace(keep(qname), id);
    return id;
}

std::string_view RdfGraph::element_literal(const pugi::xml_node& el) {
    // The PCDATA and CDATA of the element concatenated. A document parsed with
    // parse_embed_pcdata has the first PCDATA (when it comes first) as the element's value and
    // the rest as children; one piece of text (the usual case) is used as it is.
    std::string_view embedded = el.value();
    pugi::xml_node first;
    bool several = false;
    for (auto c = el.first_child(); c; c = c.next_sibling()) {
        if (c.type() != pugi::node_pcdata && c.type() != pugi::node_cdata) continue;
        if (first) {
            several = true;
            break;
        }
        first = c;
    }
    if (!first) return keep_text(embedded);
    if (!several && embedded.empty()) return keep_text(first.value());
    scratch2_.assign(embedded);
    for (auto c = first; c; c = c.next_sibling())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) scratch2_ += c.value();
    return keep(scratch2_);
}

int RdfGraph::parse_node_element(const pugi::xml_node& el) {
    std::size_t mark = scope_.size();
    push_bindings(el);
    SyntaxAttributes syntax = syntax_attributes(el);
    int id;
    if (syntax.about) {
        id = node_for(syntax.about);
    } else if (syntax.id) {
        scratch_.clear();
        scratch_ += '#';
        scratch_ += syntax.id;
        id = node_for(scratch_);
    } else if (syntax.node_id) {
        scratch_.clear();
        scratch_ += "_:n";
        scratch_ += syntax.node_id;
        id = node_for(scratch_);
    } else {
        id = blank();
    }

    if (!nodes[id].defined) {
        nodes[id].defined = true;
        nodes[id].offset = start_of(el);
        order.push_back(id);
    }
    int t = element_term(el.name());
    if (t < 0) {
        problems.push_back({start_of(el), "undeclared namespace prefix in element <" + std::string(el.name()) + ">"});
    } else if (t != rdf_description_ && !nodes[id].has_type(t)) {
        nodes[id].types.push_back(t);
    }
    // Property attributes: <rdf:Description dc:title="..."> is a literal statement.
    for (auto a = el.first_attribute(); a; a = a.next_attribute()) {
        std::string_view name = a.name();
        if (is_syntax_attribute(name)) {
            std::string_view ns_uri, local;
            if (resolve(name, ns_uri, local) && concat_equals(ns_uri, local, ns::rdf, "type"))
                nodes[id].types.push_back(intern(a.value()));
            continue;
        }
        const std::string& pred = expand(name);
        if (!pred.empty()) add_property(id, intern(pred), RdfObject{-1, keep_text(a.value())}, start_of(el));
    }
    int li_counter = 0;
    for (auto c = el.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element) parse_property_element(id, c, li_counter);
    scope_.resize(mark);
    return id;
}

void RdfGraph::parse_property_element(int subject, const pugi::xml_node& el, int& li_counter) {
    std::size_t mark = scope_.size();
    push_bindings(el);
    std::ptrdiff_t offset = start_of(el);
    int pred = element_term(el.name());
    if (pred < 0) {
        problems.push_back({offset, "undeclared namespace prefix in element <" + std::string(el.name()) + ">"});
        scope_.resize(mark);
        return;
    }
    SyntaxAttributes syntax = syntax_attributes(el);
    RdfObject object;
    if (syntax.resource) {
        object.node = node_for(syntax.resource);
    } else if (syntax.node_id) {
        scratch_.clear();
        scratch_ += "_:n";
        scratch_ += syntax.node_id;
        object.node = node_for(scratch_);
    } else if (syntax.parse_type && std::strcmp(syntax.parse_type, "Resource") == 0) {
        object.node = blank();
        int counter = 0;
        for (auto c = el.first_child(); c; c = c.next_sibling())
            if (c.type() == pugi::node_element) parse_property_element(object.node, c, counter);
    } else if (auto child = el.find_child([](const pugi::xml_node& n) { return n.type() == pugi::node_element; });
               child && !syntax.parse_type) {
        object.node = parse_node_element(child);
    } else {
        object.literal = element_literal(el);
    }
    scope_.resize(mark);

    // rdf:type with a resource adds a type; rdf:li / rdf:_n are container members.
    if (pred == rdf_type_ && !object.is_literal()) {
        int type = intern(nodes[object.node].uri);
        nodes[subject].types.push_back(type);
        return;
    }
    std::string_view p = term(pred);
    bool li = p.starts_with(ns::rdf) && p.size() > ns::rdf.size() + 1 && p[ns::rdf.size()] == '_';
    if (!li) li = p.size() == ns::rdf.size() + 2 && p.starts_with(ns::rdf) && p.ends_with("li");
    if (li) {
        ++li_counter;
        if (object.is_literal()) {
            // A literal member (e.g. "Last, First"): keep it as a literal node.
            int lit = blank();
            add_property(lit, rdf_value_, object, offset);
            nodes[lit].types.push_back(rdf_plain_literal_);
            nodes[subject].members.push_back(lit);
        } else {
            nodes[subject].members.push_back(object.node);
        }
        return;
    }
    add_property(subject, pred, object, offset);
}

}  // namespace bibport::plugins::zotero_rdf
