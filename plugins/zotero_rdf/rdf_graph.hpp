// SPDX-License-Identifier: MIT
// A small RDF graph built from RDF/XML, enough for what Zotero and other RDF/XML writers
// produce: typed node elements, rdf:Description, rdf:about/rdf:ID/rdf:nodeID, nested nodes,
// rdf:resource references, rdf:parseType="Resource", containers (rdf:Seq/Bag/Alt with
// rdf:li) and property attributes. Nodes with the same URI are merged, as RDF requires.
//
// The graph is built in one walk over the parsed XML and allocates little: predicates and
// types are interned terms (an int each, compared as ints), literals and URIs are views into
// the parsed document (kept alive by the caller) or into the graph's own arena, and the
// per-node lists live in that arena too, so neither building nor dropping the graph makes a
// heap call per statement.
#pragma once

#include <pugixml.hpp>

#include <cstddef>
#include <cstdint>
#include <memory_resource>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace bibport::plugins::zotero_rdf {

/// The object of a statement: a literal or another node.
struct RdfObject {
    int node = -1;             ///< index into RdfGraph::nodes, or -1 for a literal
    std::string_view literal;  ///< text of a literal (entity references already decoded by pugixml)
    bool is_literal() const noexcept { return node < 0; }
};

struct RdfProperty {
    int predicate = -1;           ///< term id of the full URI, e.g. "http://purl.org/dc/elements/1.1/title"
    RdfObject object;
    std::ptrdiff_t offset = -1;   ///< byte offset of the property element in the input
};

struct RdfNode {
    explicit RdfNode(std::pmr::memory_resource* arena) : types(arena), properties(arena), members(arena) {}

    std::string_view uri;                    ///< rdf:about / rdf:ID (as "#id"); "_:..." for blank nodes
    std::pmr::vector<int> types;             ///< term ids of rdf:type (the element name of typed nodes)
    std::pmr::vector<RdfProperty> properties;
    std::pmr::vector<int> members;           ///< rdf:li / rdf:_n of a container, in order
    std::ptrdiff_t offset = -1;              ///< byte offset of the (first) node element
    bool defined = false;                    ///< described by a node element (not only referenced)

    bool has_type(int term) const noexcept {
        for (int t : types)
            if (t == term) return true;
        return false;
    }
    /// The first literal of a predicate, or nullptr.
    const std::string_view* literal(int predicate) const noexcept {
        for (const auto& p : properties)
            if (p.predicate == predicate && p.object.is_literal()) return &p.object.literal;
        return nullptr;
    }
    /// The first node object of a predicate, or -1.
    int target(int predicate) const noexcept {
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
    // First member: the node lists below allocate from it, so it must outlive them.
    std::pmr::monotonic_buffer_resource arena_;

public:
    /// `expected_nodes` only sizes the node table up front.
    explicit RdfGraph(std::size_t expected_nodes = 0);
    RdfGraph(const RdfGraph&) = delete;
    RdfGraph& operator=(const RdfGraph&) = delete;

    /// Adds one top-level node element (a child of rdf:RDF). Its nesting must have been bounded
    /// with deeper_than() first: the walk recurses once per level. The text of the graph
    /// points into the element's document unless `copy_text` is set, when it is copied
    /// (for a document that is dropped before the graph).
    void add_node_element(const pugi::xml_node& el, bool copy_text = false);

    /// Maps the offsets of the document being added to input offsets.
    OffsetShift shift;

    std::vector<RdfNode> nodes;
    std::vector<int> order;              ///< nodes in the order their node elements appear
    std::vector<RdfProblem> problems;

    int find(std::string_view uri) const;

    /// The id of a term (a full URI used as predicate or type), or -1 if the graph has none.
    int term_id(std::string_view uri) const;
    /// The full URI of a term.
    std::string_view term(int id) const { return terms_[static_cast<std::size_t>(id)]; }
    std::size_t term_count() const noexcept { return terms_.size(); }

private:
    struct Binding {
        bool is_default;           ///< xmlns="..." rather than xmlns:prefix="..."
        std::string_view prefix;
        std::string_view uri;
    };
    /// The rdf:* syntax attributes of an element (the first of each).
    struct SyntaxAttributes {
        const char* about = nullptr;
        const char* id = nullptr;
        const char* node_id = nullptr;
        const char* resource = nullptr;
        const char* parse_type = nullptr;
    };

    std::ptrdiff_t start_of(const pugi::xml_node& el) const;
    int node_for(std::string_view uri);
    int new_node(std::string_view uri);
    int blank();
    int intern(std::string_view uri);
    std::string_view keep(std::string_view text);
    std::string_view keep_text(std::string_view text) { return copy_text_ ? keep(text) : text; }
    std::string_view element_literal(const pugi::xml_node& el);

    void push_bindings(const pugi::xml_node& el);
    /// Resolves the prefix of `qname` against the bindings in scope: false when undeclared.
    bool resolve(std::string_view qname, std::string_view& ns_uri, std::string_view& local) const;
    /// The expanded name (namespace URI + local name) of `qname` in scratch_, "" when undeclared.
    const std::string& expand(std::string_view qname);
    /// The term of an element name, or -1 when its prefix is undeclared (its expanded name is
    /// ""). Names seen before under the declarations of the root alone are not expanded again.
    int element_term(std::string_view qname);
    SyntaxAttributes syntax_attributes(const pugi::xml_node& el);
    bool is_syntax_attribute(std::string_view name);

    int parse_node_element(const pugi::xml_node& el);
    void parse_property_element(int subject, const pugi::xml_node& el, int& li_counter);
    void add_property(int subject, int predicate, RdfObject object, std::ptrdiff_t offset);

    struct Hash {
        using is_transparent = void;
        std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
    };
    std::pmr::unordered_map<std::string_view, int, Hash, std::equal_to<>> by_uri_;   ///< named nodes
    std::vector<int> blank_nodes_;       ///< node of blank name "_:b<n>" at n - 1
    std::size_t named_like_blank_ = 0;   ///< named nodes whose URI looks like a blank name
    std::pmr::unordered_map<std::string_view, int, Hash, std::equal_to<>> term_ids_;
    std::vector<std::string_view> terms_;
    std::vector<Binding> scope_;
    std::vector<Binding> base_scope_;   ///< the declarations the qname_terms_ cache holds for
    std::pmr::unordered_map<std::string_view, int, Hash, std::equal_to<>> qname_terms_;
    std::string scratch_, scratch2_;
    bool copy_text_ = false;
    // Terms the walk itself needs.
    int rdf_type_ = -1, rdf_value_ = -1, rdf_plain_literal_ = -1, rdf_description_ = -1;
};

/// The namespace URI + local name of an element or attribute name, resolving its prefix
/// against the xmlns declarations in scope; "" when the prefix is not declared.
std::string expanded_name(const pugi::xml_node& scope, std::string_view qname);

/// Offset (in its document) of the '<' of the first element nested more than `limit` levels
/// deep in `top` (which is level 1), or -1. Walks the tree without recursion.
std::ptrdiff_t deeper_than(const pugi::xml_node& top, std::size_t limit);

}  // namespace bibport::plugins::zotero_rdf
