// SPDX-License-Identifier: MIT
// The CSL-YAML reader with yaml-cpp's parser: the reference for what libyaml's reader does not
// take (see cslyaml_reader.hpp). Its diagnostics and their positions are the reader's.
#include "cslyaml_reader.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cstdint>
#include <functional>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

namespace bibport::plugins::csl::cslyaml {
namespace json = boost::json;

namespace {

/// Builds JSON trees from yaml-cpp's parse events (much faster than its Node graph) and hands
/// over each top-level item as soon as it is complete, with the position it started at.
/// Items are the elements of the root sequence, or of the sequence under the root's
/// 'references' key (pandoc). Items completed before a syntax error are therefore kept.
class ItemCollector final : public YAML::EventHandler {
public:
    using Sink = std::function<void(json::value&&, const YAML::Mark&)>;
    explicit ItemCollector(Sink sink) : sink_(std::move(sink)) {}

    bool found_items() const noexcept { return found_items_; }
    /// Where the root started and whether it held items, for the "wrong root" message.
    bool root_is_empty() const noexcept { return root_empty_; }
    const YAML::Mark& root_mark() const noexcept { return root_mark_; }

    void OnDocumentStart(const YAML::Mark&) override {}
    void OnDocumentEnd() override {}
    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { add(nullptr, mark, anchor, 1); }
    void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        auto it = anchors_.find(anchor);
        if (it == anchors_.end()) return add(nullptr, mark, 0, 1);
        // Each use copies the anchored value: bound the total, or nested aliases
        // ("billion laughs") grow exponentially.
        alias_values_ += it->second.values;
        if (alias_values_ > kMaxAliasValues)
            throw YAML::ParserException(mark, "aliases repeat more than " + std::to_string(kMaxAliasValues) +
                                                  " values in total (the reader's limit)");
        add(it->second.value, mark, 0, it->second.values);
    }
    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        add(scalar(tag, value), mark, anchor, 1);
    }
    void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override {
        bool items = stack_.empty() ||
                     (stack_.size() == 1 && stack_[0].value.is_object() && stack_[0].has_key &&
                      stack_[0].key == "references");
        if (items) found_items_ = true;
        open(json::array(), mark, anchor, items);
    }
    void OnSequenceEnd() override { close(); }
    void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override {
        open(json::object(), mark, anchor, false);
    }
    void OnMapEnd() override { close(); }

private:
    struct Frame {
        json::value value;
        YAML::Mark mark;
        YAML::anchor_t anchor = 0;
        bool items = false;     // elements are handed to the sink instead of stored
        bool has_key = false;   // a map frame: the key of the next value is `key`
        std::string key;
        std::size_t values = 1;  // this container and everything in it
    };
    struct Anchored {
        json::value value;
        std::size_t values = 0;
    };

    static json::value scalar(const std::string& tag, const std::string& text) {
        bool plain = tag == "?" || (tag.starts_with("tag:yaml.org,2002:") && tag != "tag:yaml.org,2002:str");
        if (plain)
            if (auto v = resolve_plain(text)) return std::move(*v);
        return json::string(text);
    }

    void open(json::value container, const YAML::Mark& mark, YAML::anchor_t anchor, bool items) {
        if (stack_.empty()) {
            root_mark_ = mark;
            root_empty_ = false;
        }
        stack_.push_back(Frame{std::move(container), mark, anchor, items, false, {}, 1});
    }

    void close() {
        Frame frame = std::move(stack_.back());
        stack_.pop_back();
        add(std::move(frame.value), frame.mark, frame.anchor, frame.values);
    }

    void add(json::value v, const YAML::Mark& mark, YAML::anchor_t anchor, std::size_t values) {
        if (anchor) anchors_[anchor] = Anchored{v, values};
        if (stack_.empty()) {
            if (!v.is_null() && root_empty_) {
                root_mark_ = mark;
                root_empty_ = false;
            }
            return;   // the root itself; items were handed over already
        }
        Frame& top = stack_.back();
        if (!top.items) top.values += values;
        if (auto* arr = top.value.if_array()) {
            if (top.items) sink_(std::move(v), mark);
            else arr->push_back(std::move(v));
            return;
        }
        auto& obj = top.value.get_object();
        if (!top.has_key) {
            // A key: scalars as their text; a (rare) complex key as its JSON text.
            top.key = v.is_string() ? std::string(v.get_string()) : v.is_null() ? std::string() : json::serialize(v);
            top.has_key = true;
            return;
        }
        obj[top.key] = std::move(v);
        top.has_key = false;
    }

    Sink sink_;
    std::vector<Frame> stack_;
    std::unordered_map<YAML::anchor_t, Anchored> anchors_;
    std::size_t alias_values_ = 0;
    bool found_items_ = false;
    bool root_empty_ = true;
    YAML::Mark root_mark_;
};

}  // namespace

void read_with_yaml_cpp(std::string_view doc, ReadResult& out) {
    auto& diagnostics = out.diagnostics;
    auto& records = out.bibliography.records;
    ItemReader items(diagnostics);
    ItemCollector collector([&](json::value&& v, const YAML::Mark& mark) {
        Record rec;
        if (items.read(v, static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1), rec))
            records.push_back(std::move(rec));
    });
    try {
        std::istringstream stream{std::string(doc)};
        YAML::Parser parser(stream);
        parser.HandleNextDocument(collector);
    } catch (const YAML::DeepRecursion& e) {
        // yaml-cpp's own message for this is "bad file".
        diagnostics.error(static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1),
                          "invalid YAML: nested deeper than " + std::to_string(kMaxNesting) +
                              " levels (the reader's limit)", {}, "syntax");
    } catch (const YAML::Exception& e) {
        diagnostics.error(static_cast<std::uint32_t>(e.mark.line + 1), static_cast<std::uint32_t>(e.mark.column + 1),
                          "invalid YAML: " + e.msg, {}, "syntax");
    }
    if (!collector.found_items() && !collector.root_is_empty() && !diagnostics.has_errors()) {
        const auto& mark = collector.root_mark();
        diagnostics.error(static_cast<std::uint32_t>(mark.line + 1), static_cast<std::uint32_t>(mark.column + 1),
                          "expected a sequence of CSL items or a mapping with 'references'");
    }
}

}  // namespace bibport::plugins::csl::cslyaml
