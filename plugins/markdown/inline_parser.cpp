// SPDX-License-Identifier: MIT
#include "inline_parser.hpp"

#include <bibport/text.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <optional>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace bibport::plugins::markdown {
namespace {

bool is_ascii_punct(char c) noexcept {
    return (c >= '!' && c <= '/') || (c >= ':' && c <= '@') || (c >= '[' && c <= '`') || (c >= '{' && c <= '~');
}
bool is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_alnum(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/// How much searching one line may cost. Each construct searches ahead for its end (a ']', a
/// closing tag, an emphasis delimiter), so a line of 100 000 unclosed brackets would cost
/// 100 000 searches to its end; past the budget such constructs are read as plain text.
/// Real lines use a tiny part of it; hostile ones stay linear.
struct Budget {
    std::size_t left;
    /// Takes `cost`; false when the budget is spent.
    bool spend(std::size_t cost) noexcept {
        if (cost > left) {
            left = 0;
            return false;
        }
        left -= cost;
        return true;
    }
};
constexpr std::size_t kBudgetPerByte = 32;
constexpr std::size_t kBudgetMinimum = 1 << 16;
/// Links in links in emphasis...: deeper than this, markup is read as plain text (each level
/// is a recursive call; the depth must not be the input's choice).
constexpr int kMaxNesting = 16;

/// End of a code span starting at s[i] (a run of backticks), or npos.
std::size_t code_span_end(std::string_view s, std::size_t i, std::size_t& run, Budget& budget) {
    run = 0;
    while (i + run < s.size() && s[i + run] == '`') ++run;
    for (std::size_t j = i + run; j < s.size();) {
        if (!budget.spend(1)) return std::string_view::npos;
        if (s[j] != '`') { ++j; continue; }
        std::size_t k = 0;
        while (j + k < s.size() && s[j + k] == '`') ++k;
        if (k == run) return j;
        j += k;
    }
    return std::string_view::npos;
}

/// The ']' matching the '[' at s[i], skipping escapes and code spans, or npos.
std::size_t closing_bracket(std::string_view s, std::size_t i, Budget& budget) {
    std::size_t depth = 0;
    for (std::size_t j = i; j < s.size(); ++j) {
        if (!budget.spend(1)) return std::string_view::npos;
        char c = s[j];
        if (c == '\\') { ++j; continue; }
        if (c == '`') {
            std::size_t run;
            std::size_t end = code_span_end(s, j, run, budget);
            if (end != std::string_view::npos) j = end + run - 1;
            continue;
        }
        if (c == '[') ++depth;
        else if (c == ']' && --depth == 0) return j;
    }
    return std::string_view::npos;
}

struct LinkMatch {
    std::size_t text_begin, text_end;  // the text between the brackets
    std::string url;
    std::size_t end;                   // one past the whole link
};

/// The inline destination "(url "title")" starting at s[i] == '(', or nullopt.
std::optional<std::pair<std::string, std::size_t>> destination(std::string_view s, std::size_t i) {
    std::size_t j = i + 1;
    while (j < s.size() && is_space(s[j])) ++j;
    std::string url;
    if (j < s.size() && s[j] == '<') {
        auto close = s.find('>', j);
        if (close == std::string_view::npos) return std::nullopt;
        url = std::string(s.substr(j + 1, close - j - 1));
        j = close + 1;
    } else {
        int parens = 0;
        std::size_t start = j;
        bool escapes = false;
        for (; j < s.size() && !is_space(s[j]); ++j) {
            if (s[j] == '\\' && j + 1 < s.size() && is_ascii_punct(s[j + 1])) { escapes = true; ++j; continue; }
            if (s[j] == '(') ++parens;
            if (s[j] == ')' && parens-- == 0) break;
        }
        if (!escapes) {
            url.assign(s.substr(start, j - start));   // the usual case: copied at once
        } else {
            for (std::size_t k = start; k < j; ++k) {
                if (s[k] == '\\' && k + 1 < j && is_ascii_punct(s[k + 1])) ++k;
                url += s[k];
            }
        }
    }
    while (j < s.size() && is_space(s[j])) ++j;
    if (j < s.size() && (s[j] == '"' || s[j] == '\'')) {   // optional title, ignored
        char quote = s[j];
        auto close = s.find(quote, j + 1);
        if (close == std::string_view::npos) return std::nullopt;
        j = close + 1;
        while (j < s.size() && is_space(s[j])) ++j;
    }
    if (j >= s.size() || s[j] != ')') return std::nullopt;
    return std::make_pair(std::move(url), j + 1);
}

const std::string* find_reference(const References* refs, std::string_view label) {
    if (!refs || refs->empty()) return nullptr;
    std::string key = text::ascii_lower(text::clean_whitespace(label));
    for (const auto& [k, v] : *refs)
        if (k == key) return &v;
    return nullptr;
}

std::optional<LinkMatch> match_link(std::string_view s, std::size_t i, const References* refs, Budget& budget) {
    std::size_t close = closing_bracket(s, i, budget);
    if (close == std::string_view::npos) return std::nullopt;
    LinkMatch m{i + 1, close, {}, 0};
    if (close + 1 < s.size() && s[close + 1] == '(') {
        auto dest = destination(s, close + 1);
        if (!dest) return std::nullopt;
        m.url = std::move(dest->first);
        m.end = dest->second;
        return m;
    }
    if (close + 1 < s.size() && s[close + 1] == '[') {                 // [text][ref]
        auto ref_close = s.find(']', close + 2);
        if (ref_close == std::string_view::npos) return std::nullopt;
        std::string_view label = s.substr(close + 2, ref_close - close - 2);
        if (label.empty()) label = s.substr(i + 1, close - i - 1);
        if (const std::string* url = find_reference(refs, label)) {
            m.url = *url;
            m.end = ref_close + 1;
            return m;
        }
        return std::nullopt;
    }
    if (const std::string* url = find_reference(refs, s.substr(i + 1, close - i - 1))) {   // [ref]
        m.url = *url;
        m.end = close + 1;
        return m;
    }
    return std::nullopt;
}

/// The value of attribute `name` in an HTML tag, or "".
std::string attribute(std::string_view tag, std::string_view name) {
    // `name` is lower case; the tag is compared as if lower-cased (ASCII), without a copy.
    auto name_at = [&](std::size_t at) {
        for (std::size_t k = 0; k < name.size(); ++k) {
            char c = tag[at + k];
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
            if (c != name[k]) return false;
        }
        return true;
    };
    for (std::size_t at = 0; at + name.size() <= tag.size(); ++at) {
        if (!name_at(at)) continue;
        if (at == 0 || !is_space(tag[at - 1])) continue;
        std::size_t j = at + name.size();
        while (j < tag.size() && is_space(tag[j])) ++j;
        if (j >= tag.size() || tag[j] != '=') continue;
        ++j;
        while (j < tag.size() && is_space(tag[j])) ++j;
        if (j < tag.size() && (tag[j] == '"' || tag[j] == '\'')) {
            auto close = tag.find(tag[j], j + 1);
            if (close == std::string_view::npos) return {};
            return std::string(tag.substr(j + 1, close - j - 1));
        }
        std::size_t end = j;
        while (end < tag.size() && !is_space(tag[end]) && tag[end] != '>') ++end;
        return std::string(tag.substr(j, end - j));
    }
    return {};
}

/// The tag name of "<a href=...>" ("a") or "</b>" ("/b"), lower case.
std::string tag_name(std::string_view tag) {
    std::size_t j = 1;
    std::string name;
    if (j < tag.size() && tag[j] == '/') { name += '/'; ++j; }
    while (j < tag.size() && is_alnum(tag[j])) name += static_cast<char>(tag[j++] | 0x20);
    return name;
}

/// Position of the closing tag "</name>" (case-insensitive) from `from`, or npos.
std::size_t find_closing_tag(std::string_view s, std::size_t from, std::string_view name, Budget& budget) {
    for (;;) {
        std::size_t at = s.find("</", from);
        if (!budget.spend((at == std::string_view::npos ? s.size() : at) - from + 1)) return std::string_view::npos;
        if (at == std::string_view::npos) return at;
        from = at + 2;
        std::size_t k = at + 2;
        bool same = k + name.size() <= s.size();
        for (std::size_t n = 0; same && n < name.size(); ++n) same = (s[k + n] | 0x20) == name[n];
        k += name.size();
        if (same && k < s.size() && (s[k] == '>' || is_space(s[k]))) return at;
    }
    return std::string_view::npos;
}

class Parser {
public:
    Parser(std::string_view s, std::size_t offset, const References* refs, Budget& budget, int depth = 0)
        : s_(s), base_(offset), refs_(refs), budget_(budget), depth_(depth) {}

    std::vector<Item> run() {
        out_.reserve(depth_ == 0 ? 16 : 4);   // a line, or the inside of a link or emphasis
        for (std::size_t i = 0; i < s_.size();) i = step(i);
        flush();
        return std::move(out_);
    }

private:
    /// Characters that may start a construct; everything else is plain text, copied in runs.
    static constexpr auto kSpecial = [] {
        std::array<bool, 256> t{};
        for (unsigned char c : std::string_view("\\`![<*_|&h")) t[c] = true;
        return t;
    }();
    static bool special(char c) noexcept { return kSpecial[static_cast<unsigned char>(c)]; }

    std::size_t step(std::size_t i) {
        char c = s_[i];
        if (!special(c) || (c == 'h' && !starts_url(i))) {
            // A run of plain text ('h' starts a bare URL only as "http").
            std::size_t end = i + 1;
            const std::size_t n = s_.size();
            for (;;) {
                while (end < n && !special(s_[end])) ++end;
                if (end < n && s_[end] == 'h' && !starts_url(end)) { ++end; continue; }
                break;
            }
            append(i, s_.substr(i, end - i));
            return end;
        }
        // Too deep, or the search budget is spent: no more nested constructs.
        if (depth_ >= kMaxNesting || budget_.left == 0) {
            if (c == '[' || c == '!' || c == '<' || c == '*' || c == '_') c = ' ';
        }
        switch (c) {
            case '\\':
                if (i + 1 < s_.size() && is_ascii_punct(s_[i + 1])) { append(i, s_.substr(i + 1, 1)); return i + 2; }
                break;
            case '`': return code(i);
            case '!':
                if (i + 1 < s_.size() && s_[i + 1] == '[')
                    if (auto m = match_link(s_, i + 1, refs_, budget_)) return image(i, *m);
                break;
            case '[':
                if (auto m = match_link(s_, i, refs_, budget_)) return link(i, *m);
                break;
            case '<': if (std::size_t next = html(i)) return next; break;
            case '*': case '_': if (std::size_t next = emphasis(i)) return next; break;
            case '|':
                add(ItemKind::pipe, i).text.push_back('|');
                return i + 1;
            case '&': {
                std::string decoded;
                if (std::size_t used = decode_entity(s_.substr(i), decoded)) { append(i, decoded); return i + used; }
                break;
            }
            case 'h': if (std::size_t next = bare_url(i)) return next; break;
            default: break;
        }
        append(i, s_.substr(i, 1));
        return i + 1;
    }

    bool starts_url(std::size_t i) const noexcept { return s_.substr(i).starts_with("http"); }

    void append(std::size_t i, std::string_view t) {
        if (buf_.empty()) buf_start_ = i;
        buf_ += t;
    }
    void flush() {
        if (buf_.empty()) return;
        Item& item = out_.emplace_back();
        item.text = std::move(buf_);
        item.offset = base_ + buf_start_;
        buf_.clear();
    }
    /// A new item after the pending text, built in place (an Item is four strings: building
    /// one and moving it in costs more than the rest of a short item's reading).
    Item& add(ItemKind kind, std::size_t i) {
        flush();
        Item& item = out_.emplace_back();
        item.kind = kind;
        item.offset = base_ + i;
        return item;
    }
    void push(Item item) {
        flush();
        out_.push_back(std::move(item));
    }

    std::size_t code(std::size_t i) {
        std::size_t run;
        std::size_t end = code_span_end(s_, i, run, budget_);
        if (end == std::string_view::npos) { append(i, s_.substr(i, run)); return i + run; }
        std::string_view inner = s_.substr(i + run, end - i - run);
        if (inner.size() >= 2 && inner.front() == ' ' && inner.back() == ' ') inner = inner.substr(1, inner.size() - 2);
        push(Item{.kind = ItemKind::code, .text = std::string(inner), .offset = base_ + i});
        return end + run;
    }

    /// True when `t` holds no construct: it reads as one text item, itself.
    static bool plain_run(std::string_view t) noexcept {
        for (std::size_t k = 0; k < t.size(); ++k)
            if (special(t[k]) && !(t[k] == 'h' && !t.substr(k).starts_with("http"))) return false;
        return true;
    }

    std::vector<Item> nested(std::size_t from, std::size_t to) const {
        std::string_view inner = s_.substr(from, to - from);
        // Plain text inside (a link's title or label, most of the time): one text item.
        if (plain_run(inner)) {
            std::vector<Item> out;
            if (!inner.empty()) out.push_back(Item{.kind = ItemKind::text, .text = std::string(inner), .offset = base_ + from});
            return out;
        }
        return Parser(inner, base_ + from, refs_, budget_, depth_ + 1).run();
    }

    std::size_t image(std::size_t i, const LinkMatch& m) {
        auto inner = nested(m.text_begin, m.text_end);
        push(Item{.kind = ItemKind::image, .text = plain_text(inner, 0, inner.size()), .url = m.url, .offset = base_ + i});
        return m.end;
    }

    std::size_t link(std::size_t i, LinkMatch& m) {
        std::string_view text = s_.substr(m.text_begin, m.text_end - m.text_begin);
        if (plain_run(text)) {
            // What make_link gives for the one text item (or none) such text is.
            Item& item = add(ItemKind::link, i);
            item.text = normalized(text);
            item.url = std::move(m.url);
            std::string_view t = text::trim(item.text);
            const bool all_code = !text.empty() && text::trim(text).empty();
            item.bracketed = all_code || (t.size() >= 2 && t.front() == '[' && t.back() == ']');
            return m.end;
        }
        auto inner = nested(m.text_begin, m.text_end);
        push(make_link(inner, std::move(m.url), i));
        return m.end;
    }

    Item make_link(const std::vector<Item>& inner, std::string url, std::size_t i) const {
        Item item{.kind = ItemKind::link, .url = std::move(url), .offset = base_ + i};
        for (const auto& x : inner) {
            if (x.kind == ItemKind::image && item.image_src.empty()) {
                item.image_alt = x.text;
                item.image_src = x.url;
            }
        }
        item.text = plain_text(inner, 0, inner.size());
        // [`[paper]`], [[paper]], [`code`]: a label written as such, not a title.
        std::string_view t = text::trim(item.text);
        bool all_code = !inner.empty();
        for (const auto& x : inner)
            if (x.kind != ItemKind::code && !(x.kind == ItemKind::text && text::trim(x.text).empty())) all_code = false;
        item.bracketed = all_code || (t.size() >= 2 && t.front() == '[' && t.back() == ']');
        return item;
    }

    /// <https://...>, <br>, <a href>...</a>, <img>, <b>/<strong>/<i>/<em>, comments, other tags.
    std::size_t html(std::size_t i) {
        std::string_view rest = s_.substr(i);
        if (rest.starts_with("<!--")) {
            auto end = rest.find("-->");
            return end == std::string_view::npos ? s_.size() : i + end + 3;
        }
        auto close = rest.find('>');
        if (!budget_.spend(close == std::string_view::npos ? rest.size() : close)) return 0;
        if (close == std::string_view::npos) return 0;
        std::string_view tag = rest.substr(0, close + 1);
        if (tag.find("://") != std::string_view::npos && tag.find(' ') == std::string_view::npos) {   // autolink
            std::string url(tag.substr(1, tag.size() - 2));
            push(Item{.kind = ItemKind::link, .text = url, .url = url, .offset = base_ + i});
            return i + tag.size();
        }
        std::string name = tag_name(tag);
        if (name.empty() || name == "/") return 0;
        std::size_t after = i + tag.size();
        if (name == "br") {
            push(Item{.kind = ItemKind::line_break, .offset = base_ + i});
            return after;
        }
        if (name == "img") {
            push(Item{.kind = ItemKind::image, .text = attribute(tag, "alt"), .url = attribute(tag, "src"),
                      .offset = base_ + i});
            return after;
        }
        if (name == "sup" || name == "/sup" || name == "sub" || name == "/sub") {
            push(Item{.kind = ItemKind::markup, .text = "<" + name + ">", .offset = base_ + i});
            return after;
        }
        if (name == "span" || name == "/span") {
            span(tag, name == "span", i);
            return after;
        }
        if (name == "a" || name == "b" || name == "strong" || name == "i" || name == "em") {
            std::size_t end = find_closing_tag(s_, after, name, budget_);
            if (end == std::string_view::npos) return after;   // unclosed: drop the tag only
            auto inner = nested(after, end);
            std::size_t next = s_.find('>', end) + 1;
            if (name == "a") {
                std::string href = attribute(tag, "href");
                if (href.empty()) splice(std::move(inner), false);
                else push(make_link(inner, std::move(href), i));
            } else {
                styled(std::move(inner), name == "b" || name == "strong", i);
            }
            return next;
        }
        return after;   // any other tag (<p>, </div>, <sup>) is layout: dropped
    }

    /// A nocase or small-caps span is CSL markup (what the writer writes for it); any other
    /// span is layout and goes, with its closing tag.
    void span(std::string_view tag, bool opening, std::size_t i) {
        if (opening) {
            std::string markup;
            if (attribute(tag, "class") == "nocase") markup = "<span class=\"nocase\">";
            else if (text::ascii_lower(attribute(tag, "style")).find("small-caps") != std::string::npos)
                markup = "<span style=\"font-variant:small-caps;\">";
            spans_.push_back(!markup.empty());
            if (!markup.empty()) add(ItemKind::markup, i).text = std::move(markup);
            return;
        }
        bool kept = !spans_.empty() && spans_.back();
        if (!spans_.empty()) spans_.pop_back();
        if (kept) add(ItemKind::markup, i).text = "</span>";
    }

    std::size_t emphasis(std::size_t i) {
        char c = s_[i];
        std::size_t run = 0;
        while (i + run < s_.size() && s_[i + run] == c) ++run;
        if (i + run >= s_.size() || is_space(s_[i + run])) return 0;
        // '_' only emphasises at word boundaries (snake_case stays as is).
        if (c == '_' && i > 0 && is_alnum(s_[i - 1])) return 0;
        std::size_t want = run >= 3 ? 3 : run;
        std::string delim(want, c);
        std::size_t from = i + want;
        for (std::size_t j = s_.find(delim, from);; j = s_.find(delim, j + 1)) {
            if (!budget_.spend((j == std::string_view::npos ? s_.size() : j) - from + 1)) return 0;
            if (j == std::string_view::npos) return 0;
            from = j;
            if (is_space(s_[j - 1])) continue;
            if (want == 1 && j + 1 < s_.size() && s_[j + 1] == c) { ++j; continue; }   // part of "**"
            if (c == '_' && j + want < s_.size() && is_alnum(s_[j + want])) continue;
            std::string_view text = s_.substr(i + want, j - i - want);
            // "[CVPR'21]" without reference definitions: no link, so plain text too (the search
            // for its ']' is paid for as the nested parser would).
            const bool bracketed_plain = (!refs_ || refs_->empty()) && text.size() >= 2 && text.front() == '[' &&
                                         text.back() == ']' &&
                                         text.substr(1, text.size() - 2).find('[') == std::string_view::npos &&
                                         text.substr(1, text.size() - 2).find(']') == std::string_view::npos &&
                                         plain_run(text.substr(1, text.size() - 2));
            if (bracketed_plain) budget_.spend(text.size());
            if (bracketed_plain || plain_run(text)) {
                // What styled() gives for the one text item (or none) such text is.
                add(want >= 2 ? ItemKind::strong : ItemKind::emph, i).text = normalized(text);
                return j + want;
            }
            auto inner = nested(i + want, j);
            styled(std::move(inner), want >= 2, i);
            return j + want;
        }
        return 0;
    }

    /// Emphasised content: one strong/emph item when it is only text, else its items marked.
    void styled(std::vector<Item> inner, bool strong, std::size_t i) {
        bool only_text = true;
        for (const auto& x : inner)
            if (x.kind != ItemKind::text && x.kind != ItemKind::strong && x.kind != ItemKind::emph &&
                x.kind != ItemKind::code)
                only_text = false;
        if (only_text) {
            // One text item (most emphasis): its text, normalised in place.
            std::string t = inner.size() == 1 && inner[0].kind == ItemKind::text ? normalized(std::move(inner[0].text))
                                                                                  : plain_text(inner, 0, inner.size());
            add(strong ? ItemKind::strong : ItemKind::emph, i).text = std::move(t);
            return;
        }
        splice(std::move(inner), strong);
    }

    void splice(std::vector<Item> inner, bool strong) {
        flush();
        for (auto& x : inner) {
            (strong ? x.strong : x.emph) = true;
            out_.push_back(std::move(x));
        }
    }

    std::size_t bare_url(std::size_t i) {
        std::string_view rest = s_.substr(i);
        if (!rest.starts_with("https://") && !rest.starts_with("http://")) return 0;
        if (i > 0 && !is_space(s_[i - 1]) && s_[i - 1] != '(' && s_[i - 1] != '>') return 0;
        std::size_t end = 0;
        while (end < rest.size() && !is_space(rest[end]) && rest[end] != '<' && rest[end] != '|') ++end;
        std::string_view url = rest.substr(0, end);
        // Trailing punctuation and an unbalanced ')' belong to the sentence, not the URL.
        while (!url.empty()) {
            char last = url.back();
            if (last == '.' || last == ',' || last == ';' || last == ':' || last == '!' || last == '?') {
                url.remove_suffix(1);
            } else if (last == ')' && url.find('(') == std::string_view::npos) {
                url.remove_suffix(1);
            } else {
                break;
            }
        }
        push(Item{.kind = ItemKind::link, .text = std::string(url), .url = std::string(url), .offset = base_ + i});
        return i + url.size();
    }

    std::string_view s_;
    std::size_t base_;
    const References* refs_;
    Budget& budget_;
    int depth_;
    std::vector<Item> out_;
    std::vector<bool> spans_;   // open <span> tags: kept as markup or not
    std::string buf_;
    std::size_t buf_start_ = 0;
};

struct Entity {
    std::string_view name;
    std::string_view text;
};
constexpr Entity kEntities[] = {
    {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\u00A0"},
    {"ndash", "\u2013"}, {"mdash", "\u2014"}, {"hellip", "\u2026"}, {"middot", "\u00B7"},
    {"lsquo", "\u2018"}, {"rsquo", "\u2019"}, {"ldquo", "\u201C"}, {"rdquo", "\u201D"}, {"star", "\u2606"},
};

}  // namespace

std::vector<Item> parse_inline(std::string_view s, std::size_t offset, const References* refs) {
    Budget budget{s.size() * kBudgetPerByte + kBudgetMinimum};
    return Parser(s, offset, refs, budget).run();
}

std::string plain_text(const std::vector<Item>& items, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t k = from; k < to && k < items.size(); ++k) {
        const Item& x = items[k];
        switch (x.kind) {
            case ItemKind::image: break;                       // badges and icons are not text
            case ItemKind::markup: break;
            case ItemKind::pipe: out += " | "; break;
            case ItemKind::line_break: out += ' '; break;
            default: out += x.text; break;
        }
    }
    return normalized(std::move(out));
}

namespace {

/// The fast-path test of normalized() on text without spaces at its ends: printable ASCII
/// with single spaces. Sixteen bytes (or eight) are tested at a time while they pass.
bool normal_inside(std::string_view t) noexcept {
    std::size_t i = 0;
    bool space_before = false;   // the byte before i is a space
#if defined(__SSE2__)
    for (; i + 16 <= t.size(); i += 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(t.data() + i));
        // Signed compares: bytes from 0x80 up are negative, so below ' ' too; 0x7F is above '~'.
        const __m128i bad = _mm_or_si128(_mm_cmplt_epi8(v, _mm_set1_epi8(' ')), _mm_cmpgt_epi8(v, _mm_set1_epi8('~')));
        if (_mm_movemask_epi8(bad)) break;
        const auto spaces = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));
        if ((spaces & (spaces << 1)) || (space_before && (spaces & 1u))) break;
        space_before = (spaces >> 15) != 0;
    }
#endif
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL, kLows = 0x7F7F7F7F7F7F7F7FULL;
    for (; i + 8 <= t.size(); i += 8) {
        std::uint64_t x;
        std::memcpy(&x, t.data() + i, 8);
        // A byte below ' ' or from 0x7F up fails.
        if (((x - kOnes * 0x20) & ~x & kHighs) | (((x + kOnes * (127 - 0x7E)) | x) & kHighs)) break;
        // The spaces, as 0x80 in their bytes (exact), and two of them next to each other.
        const std::uint64_t y = x ^ (kOnes * 0x20);
        const std::uint64_t spaces = ~(((y & kLows) + kLows) | y | kLows);
        if (spaces & (spaces << 8)) break;
        if (space_before && (spaces & 0x80)) break;
        space_before = (spaces >> 63) != 0;
    }
    if (i > 0 && i < t.size()) --i;   // a chunk that failed is checked byte by byte, with its byte before
    for (; i < t.size(); ++i) {
        auto c = static_cast<unsigned char>(t[i]);
        if (c > ' ' && c < 0x7F) continue;
        if (c == ' ' && t[i + 1] != ' ') continue;   // t.back() is not a space
        return false;
    }
    return true;
}

/// True when text::clean_whitespace(t) == t for `t` without spaces at its ends: valid UTF-8
/// whose only white space is single spaces between words. The white space beyond ASCII that
/// clean_whitespace collapses is found by its bytes (U+0085, U+00A0, U+1680, U+2000..U+200A,
/// U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF); overlong forms are left to it.
bool clean_spaces(std::string_view t) noexcept {
    const std::size_t n = t.size();
    auto at = [&](std::size_t k) { return k < n ? static_cast<unsigned char>(t[k]) : 0u; };
    for (std::size_t i = 0; i < n; ++i) {
        const unsigned char c = at(i);
        if (c < 0x80) {
            if (c == ' ') {
                if (at(i + 1) == ' ') return false;
            } else if (c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
                return false;
            }
            continue;
        }
        const unsigned char a = at(i + 1), b = at(i + 2);
        switch (c) {
            case 0xC0: case 0xC1: return false;
            case 0xC2: if (a == 0x85 || a == 0xA0) return false; break;
            case 0xE0: if (a < 0xA0) return false; break;
            case 0xE1: if (a == 0x9A && b == 0x80) return false; break;
            case 0xE2:
                if (a == 0x80 && (b <= 0x8A || b == 0xA8 || b == 0xA9 || b == 0xAF)) return false;
                if (a == 0x81 && b == 0x9F) return false;
                break;
            case 0xE3: if (a == 0x80 && b == 0x80) return false; break;
            case 0xEF: if (a == 0xBB && b == 0xBF) return false; break;
            case 0xF0: if (a < 0x90) return false; break;
            default: break;
        }
    }
    return text::is_valid_utf8(t);
}

std::string_view trim_spaces(std::string_view t) noexcept {
    while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
    return t;
}

}  // namespace

std::string normalized(std::string_view s) {
    std::string_view t = trim_spaces(s);
    if (normal_inside(t)) return std::string(t);
    // Text beyond ASCII whose white space is already clean only needs NFC.
    return clean_spaces(t) ? text::nfc(t) : text::normalize(s);
}

std::string normalized(std::string&& s) {
    std::string_view t = trim_spaces(s);
    if (!normal_inside(t)) return clean_spaces(t) ? text::nfc(t) : text::normalize(s);
    if (t.size() != s.size()) {
        const std::size_t from = static_cast<std::size_t>(t.data() - s.data()), n = t.size();
        s.erase(from + n);
        s.erase(0, from);
    }
    return std::move(s);
}

bool already_normal(std::string_view s) noexcept {
    return (s.empty() || (s.front() != ' ' && s.back() != ' ')) && normal_inside(s);
}

std::string_view normal_view(std::string_view s, std::string& holder) {
    if (already_normal(s)) return s;
    holder = normalized(s);
    return holder;
}

std::size_t decode_entity(std::string_view s, std::string& out) {
    auto semi = s.find(';');
    if (semi == std::string_view::npos || semi < 2 || semi > 10) return 0;
    std::string_view name = s.substr(1, semi - 1);
    if (name[0] == '#') {
        char32_t cp = 0;
        bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
        std::string_view digits = name.substr(hex ? 2 : 1);
        if (digits.empty()) return 0;
        for (char c : digits) {
            int v = (c >= '0' && c <= '9') ? c - '0'
                    : hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10
                                                                  : -1;
            if (v < 0) return 0;
            cp = cp * (hex ? 16 : 10) + static_cast<char32_t>(v);
            if (cp > 0x10FFFF) return 0;
        }
        if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
        text::append_utf8(out, cp);
        return semi + 1;
    }
    for (const auto& e : kEntities) {
        if (e.name == name) {
            out += e.text;
            return semi + 1;
        }
    }
    return 0;
}

}  // namespace bibport::plugins::markdown
