// SPDX-License-Identifier: MIT
#include "rdf_graph.hpp"

#include "rdf_namespaces.hpp"

#include <cstring>

namespace bibport::plugins::zotero_rdf {
namespace {

std::string rdf_term(std::string_view local) {
    std::string s(ns::rdf);
    s += local;
    return s;
}

/// The value of rdf:<local> on an element (also accepted without prefix, as old RDF/XML
/// writers did), or nullptr.
const char* rdf_attribute(const pugi::xml_node& el, std::string_view local) {
    for (auto a = el.first_attribute(); a; a = a.next_attribute()) {
        std::string_view name = a.name();
        if (name == local) return a.value();
        auto colon = name.find(':');
        if (colon == std::string_view::npos || name.substr(colon + 1) != local) continue;
        if (expanded_name(el, name) == rdf_term(local)) return a.value();
    }
    return nullptr;
}

bool is_syntax_attribute(const pugi::xml_node& el, std::string_view name) {
    if (name == "xmlns" || name.starts_with("xmlns:") || name.starts_with("xml:")) return true;
    std::string full = expanded_name(el, name);
    if (full.empty()) return name == "about" || name == "resource" || name == "ID" || name == "nodeID" ||
                             name == "parseType" || name == "datatype";
    return full.starts_with(ns::rdf);
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

/// Offset of the '<' that opens an element (pugixml reports the name after it), in the input.
std::ptrdiff_t RdfGraph::start_of(const pugi::xml_node& el) const {
    std::ptrdiff_t off = el.offset_debug();
    return shift(off > 0 ? off - 1 : off);
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

std::string element_text(const pugi::xml_node& el) {
    std::string out;
    for (auto c = el.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_pcdata || c.type() == pugi::node_cdata) out += c.value();
    return out;
}

int RdfGraph::find(std::string_view uri) const {
    auto it = by_uri_.find(std::string(uri));
    return it == by_uri_.end() ? -1 : it->second;
}

int RdfGraph::node_for(std::string_view uri) {
    auto [it, inserted] = by_uri_.try_emplace(std::string(uri), static_cast<int>(nodes.size()));
    if (inserted) {
        nodes.emplace_back();
        nodes.back().uri = std::string(uri);
    }
    return it->second;
}

int RdfGraph::blank() {
    // "_:b" names cannot clash with rdf:nodeID names, which get "_:n" below.
    return node_for("_:b" + std::to_string(++blank_counter_));
}

void RdfGraph::add_property(int subject, std::string predicate, RdfObject object, std::ptrdiff_t offset) {
    nodes[subject].properties.push_back(RdfProperty{std::move(predicate), std::move(object), offset});
}

RdfGraph RdfGraph::from_xml(const pugi::xml_node& rdf_root) {
    RdfGraph g;
    for (auto el = rdf_root.first_child(); el; el = el.next_sibling())
        if (el.type() == pugi::node_element) g.add_node_element(el);
    return g;
}

int RdfGraph::parse_node_element(const pugi::xml_node& el) {
    int id;
    if (const char* about = rdf_attribute(el, "about")) id = node_for(about);
    else if (const char* rid = rdf_attribute(el, "ID")) id = node_for(std::string("#") + rid);
    else if (const char* nid = rdf_attribute(el, "nodeID")) id = node_for(std::string("_:n") + nid);
    else id = blank();

    if (!nodes[id].defined) {
        nodes[id].defined = true;
        nodes[id].offset = start_of(el);
        order.push_back(id);
    }
    std::string type = expanded_name(el, el.name());
    if (type.empty()) {
        problems.push_back({start_of(el), "undeclared namespace prefix in element <" + std::string(el.name()) + ">"});
    } else if (type != rdf_term("Description") && !nodes[id].has_type(type)) {
        nodes[id].types.push_back(std::move(type));
    }
    // Property attributes: <rdf:Description dc:title="..."> is a literal statement.
    for (auto a = el.first_attribute(); a; a = a.next_attribute()) {
        if (is_syntax_attribute(el, a.name())) {
            if (expanded_name(el, a.name()) == rdf_term("type")) nodes[id].types.push_back(a.value());
            continue;
        }
        std::string pred = expanded_name(el, a.name());
        if (!pred.empty()) add_property(id, std::move(pred), RdfObject{-1, a.value()}, start_of(el));
    }
    int li_counter = 0;
    for (auto c = el.first_child(); c; c = c.next_sibling())
        if (c.type() == pugi::node_element) parse_property_element(id, c, li_counter);
    return id;
}

void RdfGraph::parse_property_element(int subject, const pugi::xml_node& el, int& li_counter) {
    std::string pred = expanded_name(el, el.name());
    std::ptrdiff_t offset = start_of(el);
    if (pred.empty()) {
        problems.push_back({offset, "undeclared namespace prefix in element <" + std::string(el.name()) + ">"});
        return;
    }
    RdfObject object;
    if (const char* res = rdf_attribute(el, "resource")) {
        object.node = node_for(res);
    } else if (const char* nid = rdf_attribute(el, "nodeID")) {
        object.node = node_for(std::string("_:n") + nid);
    } else if (const char* pt = rdf_attribute(el, "parseType"); pt && std::strcmp(pt, "Resource") == 0) {
        object.node = blank();
        int counter = 0;
        for (auto c = el.first_child(); c; c = c.next_sibling())
            if (c.type() == pugi::node_element) parse_property_element(object.node, c, counter);
    } else if (auto child = el.find_child([](const pugi::xml_node& n) { return n.type() == pugi::node_element; });
               child && !(rdf_attribute(el, "parseType"))) {
        object.node = parse_node_element(child);
    } else {
        object.literal = element_text(el);
    }

    // rdf:type with a resource adds a type; rdf:li / rdf:_n are container members.
    if (pred == rdf_term("type") && !object.is_literal()) {
        nodes[subject].types.push_back(nodes[object.node].uri);
        return;
    }
    bool li = pred == rdf_term("li");
    if (!li && pred.starts_with(ns::rdf) && pred.size() > ns::rdf.size() + 1 && pred[ns::rdf.size()] == '_') li = true;
    if (li) {
        ++li_counter;
        if (object.is_literal()) {
            // A literal member (e.g. "Last, First"): keep it as a literal node.
            int lit = blank();
            add_property(lit, rdf_term("value"), object, offset);
            nodes[lit].types.push_back(rdf_term("PlainLiteral"));
            nodes[subject].members.push_back(lit);
        } else {
            nodes[subject].members.push_back(object.node);
        }
        return;
    }
    add_property(subject, std::move(pred), std::move(object), offset);
}

}  // namespace bibport::plugins::zotero_rdf
