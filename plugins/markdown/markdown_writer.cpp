// SPDX-License-Identifier: MIT
#include "markdown_writer.hpp"

#include "entry_parser.hpp"
#include "link_kinds.hpp"
#include "venue_table.hpp"

#include <bibport/crosswalk.hpp>
#include <bibport/names.hpp>
#include <bibport/ordered_batches.hpp>
#include <bibport/text.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

namespace bibport::plugins::markdown {
namespace {

/// Records per batch of lines: enough work to be worth a hand-over.
constexpr std::size_t kRecordsPerBatch = 512;

/// The year a venue tag gives back: the reader takes four digits from 1000 to 2999 ("CVPR 22"
/// would be no tag at all, and the line no entry).
int written_year(const Record& r) noexcept {
    const int y = r.year();
    return y >= 1000 && y <= 2999 ? y : 0;
}

bool needs_escape(char c) noexcept {
    switch (c) {
        case '\\': case '`': case '*': case '[': case ']': case '|': case '<': case '>': case '_': case '&':
        case '\n': case '\r': case '\t': case 'h':
            return true;
        default: return false;
    }
}

/// Appends text that reads back as itself: characters Markdown would take as markup are escaped.
void append_escaped(std::string& out, std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        // Runs of ordinary text are copied at once.
        std::size_t run = i;
        while (run < s.size() && !needs_escape(s[run])) ++run;
        out.append(s.data() + i, run - i);
        if (run == s.size()) break;
        i = run;
        char c = s[i];
        switch (c) {
            case '\\': case '`': case '*': case '[': case ']': case '|': case '<': case '>':
                out += '\\';
                out += c;
                break;
            case '_': {
                bool inner = i > 0 && i + 1 < s.size() && std::isalnum(static_cast<unsigned char>(s[i - 1])) &&
                             std::isalnum(static_cast<unsigned char>(s[i + 1]));
                if (!inner) out += '\\';
                out += c;
                break;
            }
            case 'h': {
                // The reader (like GitHub) links a bare URL after a space, '(' or '>': text that
                // only looks like one keeps its ':' as an entity, so it reads back as text.
                std::string_view rest = s.substr(i);
                bool bare = i == 0 || s[i - 1] == ' ' || s[i - 1] == '(' || s[i - 1] == '>';
                if (bare && (rest.starts_with("http://") || rest.starts_with("https://"))) {
                    std::size_t colon = rest.find(':');
                    out.append(rest.substr(0, colon));
                    out += "&#58;";
                    i += colon;
                } else {
                    out += c;
                }
                break;
            }
            case '&': out += "&amp;"; break;
            case '\n': case '\r': case '\t': out += ' '; break;   // a line end would end the entry
            default: out += c; break;
        }
    }
}

std::string escape(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 8);
    append_escaped(out, s);
    return out;
}

/// The CSL tags a title may carry that Markdown has no syntax for: written as HTML, which
/// GitHub renders and the reader turns back into the same markup.
bool kept_as_html(std::string_view tag) {
    return tag == "<sup>" || tag == "</sup>" || tag == "<sub>" || tag == "</sub>" || tag == "</span>" ||
           tag == "<span class=\"nocase\">" || tag == "<span style=\"font-variant:small-caps;\">";
}

/// CSL rich text as Markdown: <i> as *...*, <b> as **...**, <sup>/<sub>/spans as HTML; appended to `out`.
void append_rich_markdown(std::string& out, std::string_view s) {
    std::size_t plain_from = 0;
    auto flush = [&](std::size_t to) { append_escaped(out, s.substr(plain_from, to - plain_from)); };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<') {
            auto close = s.find('>', i);
            if (close == std::string_view::npos) continue;
            std::string_view tag = s.substr(i, close - i + 1);
            flush(i);
            if (tag == "<i>" || tag == "</i>") out += '*';
            else if (tag == "<b>" || tag == "</b>") out += "**";
            else if (kept_as_html(tag)) out += tag;
            else append_escaped(out, tag);   // not CSL markup: literal text
            plain_from = close + 1;
            i = close;
        } else if (s[i] == '&') {   // CSL text may carry entities for < > &
            for (auto [entity, ch] : {std::pair<std::string_view, std::string_view>{"&lt;", "\\<"},
                                      {"&gt;", "\\>"}, {"&amp;", "&amp;"}}) {
                if (!s.substr(i).starts_with(entity)) continue;
                flush(i);
                out += ch;
                plain_from = i + entity.size();
                i = plain_from - 1;
                break;
            }
        }
    }
    flush(s.size());
}

bool has_markup(std::string_view s) noexcept {
    return std::any_of(s.begin(), s.end(), [](char c) { return c == '<' || c == '&'; });
}

/// CSL rich text without its markup.
std::string plain(std::string_view s) {
    if (!has_markup(s)) return std::string(s);
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<') {
            auto close = s.find('>', i);
            if (close != std::string_view::npos) { i = close; continue; }
        }
        if (s[i] == '&') {
            std::string_view rest = s.substr(i);
            if (rest.starts_with("&lt;")) { out += '<'; i += 3; continue; }
            if (rest.starts_with("&gt;")) { out += '>'; i += 3; continue; }
            if (rest.starts_with("&amp;")) { out += '&'; i += 4; continue; }
        }
        out += s[i];
    }
    return out;
}

/// plain(s) == target, without a copy when `s` has no markup.
bool plain_equals(std::string_view s, std::string_view target) {
    if (!has_markup(s)) return s == target;
    return plain(s) == target;
}

/// A link destination that reads back verbatim, appended to `out`.
void append_destination(std::string& out, std::string_view url) {
    int depth = 0;
    bool plain = true;
    for (char c : url) {
        if (c == ' ' || c == '<' || c == '>') plain = false;
        if (c == '(') ++depth;
        if (c == ')' && --depth < 0) plain = false;
    }
    if (plain && depth == 0) {
        out += url;
        return;
    }
    out += '<';
    for (char c : url) {
        if (c == ' ') out += "%20";
        else if (c == '<') out += "%3C";
        else if (c == '>') out += "%3E";
        else out += c;
    }
    out += '>';
}

/// A link as Markdown, appended to `out`; one written from a field (URL, arXiv id, DOI) has the
/// text the reader knows it by.
void append_link(std::string& out, const Link& l, bool from_field) {
    if (from_field) {
        out += '[';
        append_escaped(out, l.label);
    } else {
        out += "[`[";
        const std::size_t start = out.size();
        for (char c : l.label.empty() ? l.role : l.label)
            if (c != '`' && c != '[' && c != ']') out += c;
        if (out.size() == start) out += "link";
        out += "]`";
    }
    out += "](";
    append_destination(out, l.url);
    out += ')';
}

std::string without_version(std::string_view id) {
    auto v = id.rfind('v');
    if (v == std::string_view::npos || v == 0 || v + 1 == id.size() || id[v - 1] < '0' || id[v - 1] > '9')
        return std::string(id);
    for (char c : id.substr(v + 1))
        if (c < '0' || c > '9') return std::string(id);
    return std::string(id.substr(0, v));
}

/// The placeholders of the line template.
enum Slot : int { kAlias, kStar, kTitle, kVenue, kYear, kYy, kVenueTag, kType, kLinks, kAuthors, kUrl, kDoi, kArxiv, kSlots };
constexpr std::string_view kSlotNames[kSlots] = {"alias", "star",    "title", "venue", "year", "yy",   "venue_tag",
                                                 "type",  "links",   "authors", "url", "doi",  "arxiv"};

/// The template read once: literal text and placeholders, in parts that are dropped when all
/// their placeholders are empty ("<? ... ?>") or always written.
struct TemplatePart {
    struct Piece {
        std::string literal;
        int slot = -1;
    };
    bool optional = false;
    std::vector<Piece> pieces;
};

std::vector<TemplatePart> compile_template(std::string_view t) {
    std::vector<TemplatePart> parts;
    auto add = [&](std::string_view text, bool optional) {
        TemplatePart part{.optional = optional, .pieces = {}};
        std::string literal;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (text[i] == '{') {
                auto close = text.find('}', i);
                if (close != std::string_view::npos) {
                    std::string_view name = text.substr(i + 1, close - i - 1);
                    auto at = std::find(std::begin(kSlotNames), std::end(kSlotNames), name);
                    if (at != std::end(kSlotNames)) {
                        if (!literal.empty()) part.pieces.push_back({std::move(literal), -1});
                        literal.clear();
                        part.pieces.push_back({{}, static_cast<int>(at - std::begin(kSlotNames))});
                        i = close;
                        continue;
                    }
                }
            }
            literal += text[i];   // an unknown placeholder stays as written
        }
        if (!literal.empty()) part.pieces.push_back({std::move(literal), -1});
        parts.push_back(std::move(part));
    };
    for (std::size_t i = 0; i < t.size();) {
        if (t.substr(i).starts_with("<?")) {
            auto end = t.find("?>", i + 2);
            if (end == std::string_view::npos) end = t.size();
            add(t.substr(i + 2, end - i - 2), true);
            i = std::min(end + 2, t.size());
            continue;
        }
        auto next = t.find("<?", i);
        if (next == std::string_view::npos) next = t.size();
        add(t.substr(i, next - i), false);
        i = next;
    }
    return parts;
}

/// What one record line is made of.
struct Parts {
    const Venue* venue = nullptr;
    std::string_view venue_name;     ///< (kept by the writer's venue cache)
    std::string_view unknown_type;   ///< the type of a venue the table does not know
    std::string read_type;           ///< the type reading the line back gives
};

/// What the venue table says about a record's container and year.
struct VenueAnswer {
    const Venue* venue = nullptr;
    std::string name;
    std::string unknown_type;   ///< VenueTable::unknown_venue_type(name) for a name the table does not know
};

class ListWriter {
public:
    ListWriter(const Context& ctx, WriteResult& out, const VenueTable& venues)
        : ctx_(ctx), out_(out), venues_(venues) {
        std::string_view t = ctx.option("template", "");
        template_ = t.empty() ? std::string(kDefaultTemplate) : std::string(t);
        template_parts_ = compile_template(template_);
        star_ = std::string(ctx.option("star", "\U0001F31F"));
        authors_line_ = ctx.option("authors", "line") != "none" && template_.find("{authors}") == std::string::npos;
    }

    struct Loss {
        std::string what, message, first_key;
        std::size_t count;
    };

    /// One record to write, with the headings (and what writing them lost) before it.
    struct Step {
        std::string before;
        std::vector<Loss> losses;
        const Record* record = nullptr;
    };

    /// The text of a run of steps and its losses, in the order they were first met.
    struct Batch {
        std::string text;
        std::vector<Loss> losses;
    };

    void write(const Bibliography& bib, const WriteSplit& split) {
        std::string& o = out_.text;
        o += "# " + (bib.title.empty() ? std::string("Papers") : escape(bib.title)) + "\n";
        if (!bib.description.empty()) o += "\n" + bib.description + "\n";
        std::string_view group = ctx_.option("group", "section");
        if (group != "section" && group != "year" && group != "venue" && group != "none")
            throw std::runtime_error("unknown value '" + std::string(group) +
                                     "' for option group (expected section, year, venue or none)");
        auto groups = make_groups(bib, group);
        // The headings are written here, in order; the record lines in ordered batches (on
        // worker threads when there are many), each batch with writers of its own.
        std::vector<Step> steps;
        std::string before;
        text_ = &before;
        std::vector<std::string> written;
        for (const auto& [trail, records] : groups) {
            headings(written, trail);
            if (!records.empty()) before += "\n";
            for (const Record* r : records) {
                steps.push_back(Step{std::move(before), std::move(losses_), r});
                before.clear();
                losses_.clear();
            }
        }
        std::vector<Loss> after = std::move(losses_);
        losses_.clear();
        text_ = &o;

        const std::size_t per_batch = split.records_per_batch ? split.records_per_batch : kRecordsPerBatch;
        const std::size_t batches = (steps.size() + per_batch - 1) / per_batch;
        const unsigned workers = batches < 2 ? 0 : split.workers;
        std::mutex idle_lock;
        std::vector<std::unique_ptr<ListWriter>> idle;
        std::vector<Loss> all;
        ordered_batches<Batch>(
            batches, workers,
            [&](std::size_t b) {
                std::unique_ptr<ListWriter> w;
                {
                    std::lock_guard lock(idle_lock);
                    if (!idle.empty()) {
                        w = std::move(idle.back());
                        idle.pop_back();
                    }
                }
                if (!w) w = std::make_unique<ListWriter>(ctx_, out_, venues_);
                Batch batch;
                w->format(steps, b * per_batch, std::min(steps.size(), (b + 1) * per_batch), batch);
                std::lock_guard lock(idle_lock);
                idle.push_back(std::move(w));
                return batch;
            },
            [&](Batch& batch) {
                o += batch.text;
                for (auto& l : batch.losses) add_loss(all, std::move(l));
                return true;
            });
        o += before;
        for (auto& l : after) add_loss(all, std::move(l));
        losses_ = std::move(all);
        report_losses();
    }

private:
    /// Writes steps [from, to) into `batch`.
    void format(const std::vector<Step>& steps, std::size_t from, std::size_t to, Batch& batch) {
        text_ = &batch.text;
        losses_.clear();
        for (std::size_t k = from; k < to; ++k) {
            const Step& step = steps[k];
            batch.text += step.before;
            for (const auto& l : step.losses) add_loss(losses_, Loss(l));
            record(*step.record);
        }
        batch.losses = std::move(losses_);
        losses_.clear();
        text_ = nullptr;
    }

    /// Counts a loss in `list`: a new message is added at the end, a known one counted.
    static void add_loss(std::vector<Loss>& list, Loss l) {
        auto it = std::find_if(list.begin(), list.end(), [&](const Loss& x) { return x.message == l.message; });
        if (it == list.end()) list.push_back(std::move(l));
        else it->count += l.count;
    }

    using Group = std::pair<std::vector<std::string>, std::vector<const Record*>>;

    std::vector<Group> make_groups(const Bibliography& bib, std::string_view group) {
        std::vector<Group> groups;
        auto find = [&](const std::vector<std::string>& trail) -> Group& {
            for (auto& g : groups)
                if (g.first == trail) return g;
            groups.emplace_back(trail, std::vector<const Record*>{});
            return groups.back();
        };
        find({});   // records without a heading come first
        std::vector<std::pair<std::vector<std::string>, const Record*>> later;
        if (group == "section")
            for (const auto& s : bib.sections) find(s);
        for (const auto& r : bib.records) {
            std::vector<std::string> trail;
            if (group == "section") {
                // A paper listed under several headings is listed under each of them again.
                for (const auto& other : r.other_sections)
                    if (other != r.sections) later.emplace_back(other, &r);
                trail = r.sections;
            }
            else if (group == "year" && r.year()) trail = {std::to_string(r.year())};
            else if (group == "venue") {
                Parts p = parts(r);
                if (!p.venue_name.empty()) trail = {std::string(p.venue_name)};
            }
            find(trail).second.push_back(&r);
        }
        for (const auto& [trail, r] : later) find(trail).second.push_back(r);
        if (group == "year")
            std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
                if (a.first.empty() || b.first.empty()) return a.first.empty() && !b.first.empty();
                return a.first[0] < b.first[0];
            });
        return groups;
    }

    /// The headings of `trail` that the previous trail did not already open.
    void headings(std::vector<std::string>& written, const std::vector<std::string>& trail) {
        std::size_t same = 0;
        while (same < written.size() && same < trail.size() && written[same] == trail[same]) ++same;
        if (same == trail.size() && same == written.size()) return;
        // A trail that ends inside the written one needs its last heading again.
        if (same == trail.size() && same > 0) --same;
        for (std::size_t d = same; d < trail.size(); ++d) {
            std::size_t level = std::min<std::size_t>(d + 2, 6);
            if (d + 2 > 6) note_loss("heading", "headings deeper than 6 levels are written at level 6", {});
            *text_ += "\n" + std::string(level, '#') + " " + escape(trail[d]) + "\n";
        }
        written = trail;
    }

    Parts parts(const Record& r) {
        // Records of one venue and year share the answer: the table is searched once for them.
        venue_key_.clear();
        for (std::string_view f : {"container-title-short", "container-title", "publisher"}) {
            venue_key_ += r.get(f);
            venue_key_ += '\x1F';
        }
        venue_key_ += std::to_string(r.year());
        auto [it, fresh] = venue_cache_.try_emplace(venue_key_);
        if (fresh) {
            // Venue names may carry case protection (<span class="nocase">CVPR</span>) from BibTeX.
            Record venue;
            for (std::string_view f : {"container-title-short", "container-title", "publisher"})
                venue.set(f, plain(r.get(f)));
            if (const Date* d = r.find_date("issued")) venue.dates.push_back(*d);
            VenueAnswer& answer = it->second;
            answer.venue = venues_.match_record(venue);
            if (answer.venue) answer.name = answer.venue->short_name;
            else if (auto s = venue.get("container-title-short"); !s.empty()) answer.name = s;
            else if (auto c = venue.get("container-title"); !c.empty()) answer.name = c;
            if (!answer.venue && !answer.name.empty()) answer.unknown_type = VenueTable::unknown_venue_type(answer.name);
        }
        Parts p;
        p.venue = it->second.venue;
        p.venue_name = it->second.name;
        p.unknown_type = it->second.unknown_type;
        return p;
    }

    /// The record's links, then what no link holds: the URL, the arXiv id and the DOI as links
    /// whose text says what they are ("[URL](...)", "[arXiv:1911.05722](...)", "[doi:10...](...)"),
    /// which the reader takes back as those fields, not as links.
    std::vector<Link> derived_links(const Record& r) const {
        const std::vector<Link>& out = r.links;
        // The reader takes the first paper (else pdf) link as the URL.
        auto url_from_links = [&]() -> std::string_view {
            for (std::string_view role : {"paper", "pdf"})
                for (const auto& l : out)
                    if (l.role == role && l.url.find("://") != std::string::npos) return l.url;
            return {};
        };
        std::vector<Link> derived;
        if (auto url = r.get("URL"); !url.empty() && url_from_links() != url)
            derived.push_back(Link{"url", std::string(url), "URL"});
        if (!r.arxiv.empty()) {
            bool linked = std::any_of(out.begin(), out.end(), [&](const Link& l) {
                return without_version(arxiv_id_from_url(l.url)) == without_version(r.arxiv);
            });
            if (!linked) derived.push_back(Link{"arxiv", "https://arxiv.org/abs/" + r.arxiv, "arXiv:" + r.arxiv});
        }
        if (auto doi = r.get("DOI"); !doi.empty()) {
            bool from_arxiv = !r.arxiv.empty() && text::equals_icase(doi, "10.48550/arXiv." + without_version(r.arxiv));
            bool linked = std::any_of(out.begin(), out.end(), [&](const Link& l) { return doi_from_url(l.url) == doi; });
            if (!from_arxiv && !linked) derived.push_back(Link{"doi", "https://doi.org/" + std::string(doi), "doi:" + std::string(doi)});
        }
        return derived;
    }

    /// An author line the reader parses back into the same names: display order ("Kaiming He,
    /// Ludwig van Beethoven, {OpenAI}", braces around organisations and family names of several
    /// words), else "Family, Given; ..." (BibTeX order, which carries suffixes and particles).
    std::string authors(const Record& r) {
        const auto* list = r.find_names("author");
        if (!list) return {};
        // The names without their CSL flags and without empty ones: most lists are that already.
        const bool as_is = std::none_of(list->begin(), list->end(), [](const Name& n) {
            return !n.comma_suffix.empty() || !n.static_ordering.empty() || !n.parse_names.empty() || n == Name{};
        });
        std::vector<Name> cleaned;
        if (!as_is) {
            for (const auto& n : *list) {
                Name plain;
                plain.family = n.family;
                plain.given = n.given;
                plain.non_dropping_particle = n.non_dropping_particle;
                plain.dropping_particle = n.dropping_particle;
                plain.suffix = n.suffix;
                plain.literal = n.literal;
                if (!(plain == Name{})) cleaned.push_back(std::move(plain));
            }
        }
        const std::vector<Name>& wanted = as_is ? *list : cleaned;
        if (wanted.empty()) return {};
        std::string display = author_line(wanted, false);
        if (std::all_of(wanted.begin(), wanted.end(), [&](const Name& n) { return reads_back_alone(n); }) ||
            names::parse_name_list(display) == wanted)
            return display;
        std::string inverted = author_line(wanted, true);
        if (names::parse_name_list(inverted) == wanted) return inverted;
        note_loss("names", "author names that an author line cannot spell (e.g. dropping particles)",
                  std::string(r.label()));
        return display;
    }

    /// True when a name's display form is read back as the name even inside a list: it has no
    /// list separators, is not made of initials only (which would join the name before it) and
    /// parses back alone. Authors recur across a library, so the answer is kept per name.
    bool reads_back_alone(const Name& n) {
        if (n.is_others() || plainly_spelled(n)) return true;
        // Keyed by the parts: names that display alike may still differ ("C. Van der Marel").
        std::string key;
        for (const std::string* part : {&n.given, &n.dropping_particle, &n.non_dropping_particle, &n.family, &n.suffix, &n.literal}) {
            key += *part;
            key += '\x1F';
        }
        auto [it, fresh] = name_cache_.try_emplace(std::move(key), false);
        if (!fresh) return it->second;
        std::string shown = author_line({n}, false);
        bool separators = shown.find_first_of(",;&") != std::string::npos || shown.find(" and ") != std::string::npos ||
                          shown.find(" AND ") != std::string::npos || shown.find(" And ") != std::string::npos;
        bool initials_only = true, any_word = false;
        for (std::size_t pos = 0; pos < shown.size();) {
            std::size_t end = shown.find(' ', pos);
            if (end == std::string::npos) end = shown.size();
            std::string_view w(shown.data() + pos, end - pos);
            any_word |= !w.empty();
            bool initial = !w.empty() && w.size() <= 8 &&
                           std::all_of(w.begin(), w.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '.' || c == '-'; });
            initials_only &= w.empty() || initial;
            pos = end + 1;
        }
        bool suffix_alone = shown == "Jr." || shown == "Jr" || shown == "Sr." || shown == "Sr" || shown == "II" ||
                            shown == "III" || shown == "IV";
        it->second = !separators && !(any_word && initials_only) && !suffix_alone &&
                     names::parse_name_list(shown) == std::vector<Name>{n};
        return it->second;
    }

    /// "Kaiming He", "J. R. R. Tolkien", "Ming-Wei Chang": ASCII words that start with a capital,
    /// a one-word family name with a lower-case letter (so not initials), nothing else. Such a
    /// name is read back as itself by the BibTeX name rules, without parsing it to find out.
    static bool plainly_spelled(const Name& n) {
        if (!n.literal.empty() || !n.suffix.empty() || !n.non_dropping_particle.empty() || !n.dropping_particle.empty())
            return false;
        if (!plain_name_word(n.family, true)) return false;
        for (std::string_view special : {"Jr", "Sr", "II", "III", "IV", "And", "Others"})
            if (n.family == special) return false;
        for (std::size_t pos = 0; pos < n.given.size();) {
            std::size_t end = n.given.find(' ', pos);
            if (end == std::string::npos) end = n.given.size();
            if (!plain_name_word(std::string_view(n.given).substr(pos, end - pos), false)) return false;
            pos = end + 1;
        }
        return true;
    }

    static std::string braced(std::string_view s) { return "{" + std::string(s) + "}"; }

    static std::string author_line(const std::vector<Name>& list, bool inverted) {
        std::string out;
        bool others = false;
        for (const auto& n : list) {
            if (n.is_others()) { others = true; continue; }
            std::string shown;
            if (n.is_literal()) {
                shown = braced(n.literal);
            } else if (inverted) {
                shown = names::format_inverted(n);
            } else if (n.family.find_first_of(" ,") != std::string::npos || n.given.find(',') != std::string::npos) {
                Name b = n;
                // One word is the family name: a family of several words is kept together.
                if (b.family.find(' ') != std::string::npos || b.family.find(',') != std::string::npos)
                    b.family = braced(b.family);
                if (b.given.find(',') != std::string::npos) b.given = braced(b.given);
                shown = names::format_display(b);
            } else {
                shown = names::format_display(n);
            }
            if (!out.empty()) out += inverted ? "; " : ", ";
            out += shown;
        }
        if (others) out += out.empty() ? "et al." : inverted ? "; et al." : ", et al.";
        return out;
    }

    void record(const Record& r) {
        Parts p = parts(r);
        // The values are kept between records: their buffers are reused.
        auto& v = values_;
        std::string_view alias = r.alias;
        std::string_view short_title = r.get("title-short");
        if (alias.empty() && !short_title.empty() && short_title != r.get("title")) alias = short_title;
        v[kAlias].clear();
        append_escaped(v[kAlias], alias);
        v[kStar].assign(r.highlight ? std::string_view(star_) : std::string_view());
        v[kType].clear();
        std::string_view title = r.get("title");
        v[kTitle].clear();
        if (title.empty()) v[kTitle] = "Untitled";
        else append_rich_markdown(v[kTitle], title);
        int year = written_year(r);
        bool arxiv_preprint = p.venue && p.venue->is_arxiv;
        v[kVenue].clear();
        append_escaped(v[kVenue], p.venue_name);
        char year_digits[16], yy_digits[4];
        std::string_view year_text, yy;
        if (year) {
            year_text = std::string_view(year_digits, static_cast<std::size_t>(
                                                          std::to_chars(year_digits, year_digits + sizeof year_digits, year).ptr - year_digits));
            yy_digits[0] = static_cast<char>('0' + year % 100 / 10);
            yy_digits[1] = static_cast<char>('0' + year % 10);
            yy = std::string_view(yy_digits, 2);
        }
        v[kYear].assign(year_text);
        v[kYy].assign(yy);
        std::string& tag = v[kVenueTag];
        tag.assign(v[kVenue]);
        // What follows a tag's name: "'20" for a year a two-digit form expands back to, else " 1951".
        auto append_year = [&](std::string& t) {
            if (!year) return;
            if (t.empty()) t += year_text;
            else if (year >= 1970 && year <= 2069) (t += '\'') += yy;
            else (t += ' ') += year_text;
        };
        append_year(tag);
        const std::vector<Link> derived = derived_links(r);
        std::string& rendered_links = v[kLinks];
        rendered_links.clear();
        for (const auto& l : r.links) {
            if (!rendered_links.empty()) rendered_links += ' ';
            append_link(rendered_links, l, false);
        }
        for (const auto& l : derived) {
            if (!rendered_links.empty()) rendered_links += ' ';
            append_link(rendered_links, l, true);
        }
        // The type: a tag without a venue names the kind of work ("**[Book'21]**"); after a venue
        // whose own type differs, a type word follows it ("*Chapter*").
        p.read_type = p.venue ? (p.venue->type.empty() ? "article" : p.venue->type)
                              : (p.venue_name.empty() ? "article" : std::string(p.unknown_type));
        const Venue* word = venues_.type_word(r.type);
        if (p.venue_name.empty()) {
            // A line with nothing but a title would read back as prose: the type word makes it an entry.
            // (The reader takes a paper link for an entry only with a scheme: "htp/t:s/x" is none.)
            auto has_scheme = [](const Link& l) { return l.url.find("://") != std::string::npos; };
            bool entry = !alias.empty() || year ||
                         std::any_of(r.links.begin(), r.links.end(),
                                     [&](const Link& l) { return (l.role == "paper" || l.role == "pdf") && has_scheme(l); }) ||
                         std::any_of(derived.begin(), derived.end(), has_scheme);
            if (word && (r.type != "article" || !entry)) {
                tag.clear();
                append_escaped(tag, word->short_name);
                if (year) {
                    if (year >= 1970 && year <= 2069) (tag += '\'') += yy;
                    else (tag += ' ') += year_text;
                }
                p.read_type = r.type;
            }
        } else if (word && r.type != p.read_type) {
            append_escaped(v[kType], word->short_name);
            p.read_type = r.type;
        }
        std::string who = authors(r);
        v[kAuthors].clear();
        append_escaped(v[kAuthors], who);
        v[kUrl].assign(r.get("URL"));
        v[kDoi].assign(r.get("DOI"));
        v[kArxiv].assign(r.arxiv);
        render(v);
        if (authors_line_ && !who.empty()) ((*text_ += "  - *") += v[kAuthors]) += "*\n";
        check_losses(r, p, arxiv_preprint, !who.empty());
    }

    /// Appends the filled template and a line end; a "<? ... ?>" part is dropped when all its
    /// placeholders are empty, and the spaces empty parts leave behind are collapsed.
    void render(const std::array<std::string, kSlots>& v) {
        line_.clear();
        for (const auto& part : template_parts_) {
            if (part.optional) {
                bool any = false;
                for (const auto& piece : part.pieces) any |= piece.slot >= 0 && !v[piece.slot].empty();
                if (!any) continue;
            }
            for (const auto& piece : part.pieces) line_ += piece.slot >= 0 ? v[piece.slot] : piece.literal;
        }
        std::string& o = *text_;
        std::size_t start = o.size();
        for (std::size_t i = 0; i < line_.size();) {
            // Copy up to the next space at once; a space after a space is dropped.
            std::size_t space = line_.find(' ', i);
            if (space == std::string::npos) space = line_.size();
            o.append(line_, i, space - i);
            if (space == line_.size()) break;
            if (o.size() == start || o.back() != ' ') o += ' ';
            i = space + 1;
        }
        while (o.size() > start && o.back() == ' ') o.pop_back();
        o += '\n';
    }

    // --- what a paper list cannot hold --------------------------------------------------
    /// What reading a line back gives for the fields of venue `v` in `year` (kept per venue and year).
    const Record& venue_fields(const Venue* v, int year) {
        auto [it, fresh] = expected_cache_.try_emplace(std::make_pair(v, year));
        if (fresh && v) VenueTable::apply(*v, year, it->second);
        return it->second;
    }

    /// Builds "<before><name><after>" in a reused buffer.
    std::string_view message(std::string_view before, std::string_view name, std::string_view after) {
        message_.assign(before);
        message_ += name;
        message_ += after;
        return message_;
    }

    void check_losses(const Record& r, const Parts& p, bool arxiv_preprint, bool authors_written) {
        std::string_view key = r.label();
        // What reading the line back gives for the venue fields.
        const Record& expected = venue_fields(p.venue, written_year(r));
        if (r.year() && !written_year(r))
            note_loss("date", "year " + std::to_string(r.year()) + " (a tag holds the years 1000 to 2999)", key);
        // An arXiv preprint's number comes back from its id (its DOI is not checked here).
        std::string arxiv_number;
        const bool from_arxiv = arxiv_preprint && !r.arxiv.empty();
        if (from_arxiv) arxiv_number = "arXiv:" + without_version(r.arxiv);
        auto expected_value = [&](std::string_view n) -> std::string_view {
            if (from_arxiv && n == "number") return arxiv_number;
            return expected.get(n);
        };
        for (const auto& f : r.fields) {
            const std::string& n = f.name;
            if (n == "title" || n == "URL" || n == "DOI") continue;
            if (n == "title-short" && (f.value.text == r.alias || r.alias.empty())) continue;
            if (!p.venue && (n == "container-title" || n == "container-title-short") && !p.venue_name.empty() &&
                plain_equals(f.value.text, p.venue_name))
                continue;
            const std::string_view want = expected_value(n);
            if (want == f.value.text || plain_equals(f.value.text, want)) continue;
            note_loss(n, message("field '", n, "'"), key);
        }
        if (r.type != p.read_type) note_loss("type", message("type '", r.type, "'"), key);
        for (const auto& nl : r.names)
            if (nl.role != "author" || !authors_written) note_loss(nl.role, message("names '", nl.role, "'"), key);
        for (const auto& d : r.dates) {
            if (d.name != "issued") note_loss(d.name, message("date '", d.name, "'"), key);
            else if (d.parts.size() > 1 || (!d.parts.empty() && d.parts[0].size() > 1) || !d.literal.empty() ||
                     !d.season.empty() || !d.circa.empty())
                note_loss("date-precision", "date 'issued' beyond its year", key);
        }
        if (!r.keywords.empty()) note_loss("keywords", "keywords", key);
        if (!r.categories.empty()) note_loss("categories", "categories", key);
        if (!r.notes.empty()) note_loss("notes", "notes", key);
        if (!r.citation_key.empty()) note_loss("citation-key", "citation key", key);
        for (const auto& e : r.extra) note_loss("extra", message("extra field '", e.first, "'"), key);
        if (r.alias.empty() && r.links.empty() && !r.has("URL") && r.arxiv.empty() && p.venue_name.empty() && !r.year())
            note_loss("entry", "a record with nothing but a title reads back as prose", key);
    }

    void note_loss(std::string_view what, std::string_view message, std::string_view key) {
        auto it = std::find_if(losses_.begin(), losses_.end(), [&](const Loss& l) { return l.message == message; });
        if (it == losses_.end()) losses_.push_back(Loss{std::string(what), std::string(message), std::string(key), 1});
        else ++it->count;
    }

    void report_losses() {
        for (const auto& l : losses_)
            out_.diagnostics.loss(l.what,
                                  l.message + " is not written to markdown (" + std::to_string(l.count) +
                                      (l.count == 1 ? " record)" : " records)"),
                                  l.first_key);
    }

    const Context& ctx_;
    WriteResult& out_;
    const VenueTable& venues_;
    std::string template_, star_;
    std::vector<TemplatePart> template_parts_;
    std::string line_;   // the line being filled
    std::array<std::string, kSlots> values_;   // the placeholders' values for the line
    std::string message_;   // a loss message being built
    std::map<std::pair<const Venue*, int>, Record> expected_cache_;
    std::string* text_ = nullptr;   // where lines go
    std::string venue_key_;
    std::unordered_map<std::string, bool> name_cache_;
    std::unordered_map<std::string, VenueAnswer> venue_cache_;
    bool authors_line_ = true;
    std::vector<Loss> losses_;
};

}  // namespace

void write_markdown(const Bibliography& bib, const Context& ctx, WriteResult& out, const WriteSplit& split) {
    VenueTable venues = VenueTable::load(data_file(ctx, ctx.option("venues", "venues.yaml")));
    ListWriter(ctx, out, venues).write(bib, split);
}

void MarkdownWriter::do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) {
    WriteSplit split;
    split.workers = std::thread::hardware_concurrency() < 2 ? 0 : 2;
    write_markdown(bib, ctx, out, split);
}

}  // namespace bibport::plugins::markdown
