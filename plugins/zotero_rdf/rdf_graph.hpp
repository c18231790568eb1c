// SPDX-License-Identifier: MIT
// A small RDF graph built from RDF/XML, enough for what Zotero and other RDF/XML writers
// produce: typed node elements, rdf:Description, rdf:about/rdf:ID/rdf:nodeID, nested nodes,
// rdf:resource references, rdf:parseType="Resource", containers (rdf:Seq/Bag/Alt with
// rdf:li) and property attributes. Nodes with the same URI are merged, as RDF requires.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bibport::plugins::zotero_rdf {

/// The object of a statement: a literal or another node.
struct RdfObject {
    int node = -1;        ///< index into RdfGraph::nodes, or -1 for a literal
    std::string literal;  ///< text of a literal (entity references already decoded by pugixml)
    bool is_literal() const noexcept { return node < 0; }
};

struct RdfProperty {
    std::string predicate;   ///< full URI, e.g. "http://purl.org/dc/elements/1.1/title"
    RdfObject object;
    std::ptrdiff_t offset = -1;   ///< byte offset of the property element in the input
};

struct RdfNode {
    std::string uri;                  ///< rdf:about / rdf:ID (as "#id"); "_:..." for blank nodes
    std::vector<std::string> types;   ///< full URIs of rdf:type (the element name of typed nodes)
    std::vector<RdfProperty> properties;
    std::vector<int> members;         ///< rdf:li / rdf:_n of a container, in order
    std::ptrdiff_t offset = -1;       ///< byte offset of the (first) node element
    bool defined = false;             ///< described by a node element (not only referenced)

    bool has_type(std::string_view uri) const noexcept {
        for (const auto& t : types)
            if (t == uri) return true;
        return false;
    }
    /// The first literal of a predicate, or nullptr.
    const std::string* literal(std::string_view predicate) const noexcept {
        for (const auto& p : properties)
            if (p.predicate == predicate && p.object.is_literal()) return &p.object.literal;
        return nullptr;
    }
    /// The first node object of a predicate, or -1.
    int target(std::string_view predicate) const noexcept {
        for (const auto& p : properties)
            if (p.predicate == predicate && !p.object.is_literal()) return p.object.node;
        return -1;
    }
};

/// A problem found while building the graph (not fatal).
struct RdfProblem {
    std::ptrdiff_t offset;
    std::string message;
};

/// Where a parsed text sits in the input: offsets at or after `from` are `by` bytes further on
/// in the input (a text resynchronised after a broken element is the prolog plus the rest).
struct OffsetShift {
    std::ptrdiff_t from = PTRDIFF_MAX;
    std::ptrdiff_t by = 0;
    std::ptrdiff_t operator()(std::ptrdiff_t off) const noexcept { return off >= from ? off + by : off; }
};

class RdfGraph {
public:
    /// Builds the graph from the children of an rdf:RDF element.
    static RdfGraph from_xml(const pugi::xml_node& rdf_root);

    /// Adds one top-level node element (a child of rdf:RDF). Its nesting must have been bounded
    /// with deeper_than() first: the walk recurses once per level.
    void add_node_element(const pugi::xml_node& el) { parse_node_element(el); }

    /// Maps the offsets of the document being added to input offsets.
    OffsetShift shift;

    std::vector<RdfNode> nodes;
    std::vector<int> order;              ///< nodes in the order their node elements appear
    std::vector<RdfProblem> problems;

    int find(std::string_view uri) const;

private:
    std::ptrdiff_t start_of(const pugi::xml_node& el) const;
    int node_for(std::string_view uri);
    int blank();
    int parse_node_element(const pugi::xml_node& el);
    void parse_property_element(int subject, const pugi::xml_node& el, int& li_counter);
    void add_property(int subject, std::string predicate, RdfObject object, std::ptrdiff_t offset);

    std::unordered_map<std::string, int> by_uri_;
    int blank_counter_ = 0;
};

/// The namespace URI + local name of an element or attribute name, resolving its prefix
/// against the xmlns declarations in scope; "" when the prefix is not declared.
std::string expanded_name(const pugi::xml_node& scope, std::string_view qname);

/// Offset (in its document) of the '<' of the first element nested more than `limit` levels
/// deep in `top` (which is level 1), or -1. Walks the tree without recursion.
std::ptrdiff_t deeper_than(const pugi::xml_node& top, std::size_t limit);

/// Text content of an element: its PCDATA and CDATA children concatenated.
std::string element_text(const pugi::xml_node& el);

}  // namespace bibport::plugins::zotero_rdf
