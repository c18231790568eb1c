// SPDX-License-Identifier: MIT
#include "bibtex_keys.hpp"
#include "bibtex_syntax.hpp"

#include <bibport/latex.hpp>
#include <bibport/text.hpp>

#include <algorithm>
#include <array>
#include <iterator>

namespace bibport::plugins::bibtex {
namespace {

bool key_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == ':' || c == '.';
}

std::string letters_lower(std::string_view s) {
    std::string ascii = latex::to_ascii(s);
    std::string out;
    for (char c : ascii) {
        if (c >= 'A' && c <= 'Z') out += static_cast<char>(c + 32);
        else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out += c;
    }
    return out;
}

bool is_stop_word(std::string_view w) noexcept {
    static constexpr std::string_view stop[] = {
        "a", "an", "the", "on", "of", "in", "for", "with", "and", "to", "from", "by", "at", "as",
        "is", "are", "via", "into", "or", "its", "it", "be", "do", "does", "how", "what", "why",
        "towards", "toward", "when", "we", "our", "your", "you", "this", "that", "i"};
    return std::find(std::begin(stop), std::end(stop), w) != std::end(stop);
}

std::string suffix(std::size_t n) {
    // 0 -> a, 25 -> z, 26 -> aa, ...
    std::string s;
    ++n;
    while (n > 0) {
        --n;
        s.insert(s.begin(), static_cast<char>('a' + n % 26));
        n /= 26;
    }
    return s;
}

}  // namespace

std::string sanitize_key(std::string_view key) {
    std::string ascii = latex::to_ascii(key);
    std::string out;
    for (char c : ascii) {
        if (key_char(c)) out += c;
        else if (c == '/') out += '-';
    }
    return out;
}

std::string generated_key(const Record& r) {
    std::string out;
    const auto* authors = r.find_names("author");
    if (!authors || authors->empty()) authors = r.find_names("editor");
    if (authors && !authors->empty()) {
        const Name& n = authors->front();
        if (!n.is_others()) {
            std::string_view family = n.is_literal() ? std::string_view(n.literal) : std::string_view(n.family);
            if (n.is_literal()) family = family.substr(0, family.find(' '));
            out += letters_lower(family);
        }
    }
    if (int y = r.year()) out += std::to_string(y);
    std::string title = latex::strip_markup(r.get("title"));
    std::string_view t(title);
    for (std::size_t start = 0; start < t.size();) {
        std::size_t end = start;
        while (end < t.size() && t[end] != ' ' && t[end] != '-' && t[end] != '/') ++end;
        std::string w = letters_lower(t.substr(start, end - start));
        if (!w.empty() && !is_stop_word(w)) {
            out += w;
            break;
        }
        start = end + 1;
    }
    return out;
}

std::vector<std::string> assign_keys(const std::vector<Record>& records, Diagnostics& diagnostics) {
    std::vector<std::string> keys(records.size());   // never resized: `used` views its strings
    // Compared without case, as BibTeX does; each key hashed once.
    HashedTexts<IcaseEqual> used(records.size());
    auto take = [&](std::size_t i, std::string base) {
        std::string k = base;
        std::uint64_t hash = IcaseHash{}(k);
        for (std::size_t n = 0; used.find(k, hash) != HashedTexts<IcaseEqual>::npos; ++n) {
            k = base + suffix(n);
            hash = IcaseHash{}(k);
        }
        keys[i] = std::move(k);
        used.add(keys[i], hash);
    };
    // What no .bib parser accepts in a key.
    static constexpr std::array<bool, 256> kNotInKey = [] {
        std::array<bool, 256> no{};
        for (char c : std::string_view(" \t\n,{}\"#%'()=@\\")) no[static_cast<unsigned char>(c)] = true;
        return no;
    }();
    auto allowed = [](char c) { return !kNotInKey[static_cast<unsigned char>(c)]; };
    for (std::size_t i = 0; i < records.size(); ++i) {
        const std::string& own = records[i].citation_key;
        if (own.empty()) continue;
        // An own key is kept as written but for those characters.
        std::string k;
        if (std::all_of(own.begin(), own.end(), allowed)) k = own;
        else std::copy_if(own.begin(), own.end(), std::back_inserter(k), allowed);
        if (k.empty()) continue;
        const bool twice = used.find(k, IcaseHash{}(k)) != HashedTexts<IcaseEqual>::npos;
        take(i, std::move(k));
        if (twice)
            diagnostics.warning(0, 0, "key '" + own + "' is used twice; this record is written as '" + keys[i] + "'",
                                own, "duplicate-key");
    }
    for (std::size_t i = 0; i < records.size(); ++i) {
        if (!keys[i].empty()) continue;
        std::string base = sanitize_key(records[i].alias);
        if (base.empty()) base = generated_key(records[i]);
        if (base.empty()) base = "ref";
        take(i, std::move(base));
    }
    return keys;
}

}  // namespace bibport::plugins::bibtex
