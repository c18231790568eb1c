// SPDX-License-Identifier: MIT
#include "link_kinds.hpp"

#include <bibport/text.hpp>

#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace bibport::plugins::markdown {
namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
bool is_lower(char c) noexcept { return c >= 'a' && c <= 'z'; }

std::vector<std::string> read_list(const YAML::Node& node, const char* name) {
    std::vector<std::string> out;
    if (!node) return out;
    if (!node.IsSequence()) throw std::runtime_error(std::string("expected '") + name + "' to be a list");
    for (const auto& n : node) out.push_back(text::ascii_lower(n.as<std::string>()));
    return out;
}

// `host` (any case) is `h` (lower case) or a subdomain of it.
bool host_matches(std::string_view host, std::string_view h) noexcept {
    if (host.size() < h.size() || !text::equals_icase(host.substr(host.size() - h.size()), h)) return false;
    return host.size() == h.size() || host[host.size() - h.size() - 1] == '.';
}

bool host_in(std::string_view host, const std::vector<std::string>& hosts) noexcept {
    for (const auto& h : hosts)
        if (host_matches(host, h)) return true;
    return false;
}

// What find_first_of gives, in one pass over `s` (find_first_of searches `set` once per
// character of `s`, a call each time: URLs are read many times).
std::size_t first_of(std::string_view s, std::string_view set) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i)
        for (char c : set)
            if (s[i] == c) return i;
    return std::string_view::npos;
}

// The host of a URL as written (case kept) without "www.": no copy, for comparisons.
std::string_view raw_host(std::string_view url) noexcept {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    std::string_view rest = url.substr(scheme + 3);
    std::string_view host = rest.substr(0, first_of(rest, "/?#:"));
    if (text::starts_with_icase(host, "www.")) host.remove_prefix(4);
    return host;
}

// The path of a URL without query and fragment.
std::string_view path_of(std::string_view url) {
    auto scheme = url.find("://");
    std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
    auto slash = rest.find('/');
    if (slash == std::string_view::npos) return {};
    rest = rest.substr(slash);
    auto end = first_of(rest, "?#");
    return end == std::string_view::npos ? rest : rest.substr(0, end);
}

int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            int hi = hex_value(s[i + 1]), lo = hex_value(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

bool all_digits(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_digit(c)) return false;
    return true;
}

// "v2" or "" at the end of an id.
bool valid_version(std::string_view v) noexcept { return v.empty() || (v[0] == 'v' && all_digits(v.substr(1))); }

}  // namespace

LinkKinds LinkKinds::load(const std::filesystem::path& file) {
    LinkKinds kinds;
    try {
        YAML::Node root = YAML::LoadFile(file.string());
        if (YAML::Node labels = root["labels"]) {
            if (!labels.IsMap()) throw std::runtime_error("expected 'labels' to be a mapping");
            for (const auto& kv : labels)
                kinds.labels_.emplace_back(label_key(kv.first.as<std::string>()), kv.second.as<std::string>());
        }
        kinds.paper_hosts_ = read_list(root["paper_hosts"], "paper_hosts");
        kinds.code_hosts_ = read_list(root["code_hosts"], "code_hosts");
        kinds.badge_hosts_ = read_list(root["badge_hosts"], "badge_hosts");
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                                 std::to_string(e.mark.column + 1) + ": error: " + e.msg);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(file.string() + ": error: " + e.what());
    }
    return kinds;
}

std::string LinkKinds::role_for_label(std::string_view label) const {
    std::string key = label_key(label);
    if (key.empty()) return {};
    for (const auto& [k, role] : labels_)
        if (k == key) return role;
    // "official code", "mmpretrain code", "code (pytorch)": a code link with its own label.
    for (std::size_t at = key.find("code"); at != std::string::npos; at = key.find("code", at + 1)) {
        bool start = at == 0 || !is_lower(key[at - 1]);
        bool end = at + 4 == key.size() || !is_lower(key[at + 4]);
        if (start && end) return "code";
    }
    return {};
}

HostKind LinkKinds::host_kind(std::string_view url) const {
    std::string_view host = raw_host(url);
    if (host_in(host, badge_hosts_)) return HostKind::badge;
    if (host_in(host, paper_hosts_)) return HostKind::paper;
    if (host_in(host, code_hosts_)) return HostKind::code;
    std::string_view path = path_of(url);
    if (path.size() >= 4 && text::equals_icase(path.substr(path.size() - 4), ".pdf")) return HostKind::paper;
    return HostKind::other;
}

std::string host_of(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    std::string_view rest = url.substr(scheme + 3);
    auto end = first_of(rest, "/?#:");
    std::string host = text::ascii_lower(rest.substr(0, end));
    if (host.starts_with("www.")) host.erase(0, 4);
    return host;
}

bool is_arxiv_id(std::string_view id) noexcept {
    // New style: YYMM.NNNN or YYMM.NNNNN, optional version.
    auto dot = id.find('.');
    if (dot == 4 && all_digits(id.substr(0, 4))) {
        std::size_t n = 5;
        while (n < id.size() && is_digit(id[n])) ++n;
        return (n - 5 == 4 || n - 5 == 5) && valid_version(id.substr(n));
    }
    // Old style: archive(.SUB)/YYMMNNN, optional version.
    auto slash = id.find('/');
    if (slash == std::string_view::npos || slash == 0) return false;
    for (char c : id.substr(0, slash))
        if (!is_lower(c) && c != '-' && c != '.' && !(c >= 'A' && c <= 'Z')) return false;
    std::string_view num = id.substr(slash + 1);
    return num.size() >= 7 && all_digits(num.substr(0, 7)) && valid_version(num.substr(7));
}

std::string arxiv_id_from_url(std::string_view url) {
    std::string_view host = raw_host(url);
    if (!text::equals_icase(host, "arxiv.org") && !text::equals_icase(host, "export.arxiv.org")) return {};
    std::string_view path = path_of(url);
    for (std::string_view prefix : {"/abs/", "/pdf/", "/html/", "/format/"}) {
        if (!path.starts_with(prefix)) continue;
        std::string_view id = path.substr(prefix.size());
        while (!id.empty() && id.back() == '/') id.remove_suffix(1);
        if (id.size() > 4 && text::equals_icase(id.substr(id.size() - 4), ".pdf")) id.remove_suffix(4);
        if (is_arxiv_id(id)) return std::string(id);
    }
    return {};
}

std::string arxiv_id_from_badge(std::string_view image_src) {
    // shields.io static badges: /badge/<label>-<message>-<color>; "--" escapes a dash.
    std::string_view path = path_of(image_src);
    constexpr std::string_view kBadge = "/badge/";
    if (!path.starts_with(kBadge)) return {};
    std::string_view rest = path.substr(kBadge.size());
    if (!text::starts_with_icase(rest, "arxiv-")) return {};
    rest.remove_prefix(6);
    std::string id;
    for (std::size_t i = 0; i < rest.size(); ++i) {
        if (rest[i] == '-') {
            if (i + 1 < rest.size() && rest[i + 1] == '-') { id += '-'; ++i; continue; }
            break;
        }
        id += rest[i];
    }
    std::string decoded = percent_decode(id);
    if (text::starts_with_icase(decoded, "arxiv:")) decoded.erase(0, 6);
    return is_arxiv_id(decoded) ? decoded : std::string();
}

std::string doi_from_url(std::string_view url) {
    std::string_view host = raw_host(url);
    if (!text::equals_icase(host, "doi.org") && !text::equals_icase(host, "dx.doi.org")) return {};
    std::string_view path = path_of(url);
    if (path.size() < 2) return {};
    std::string doi = percent_decode(path.substr(1));
    return doi.starts_with("10.") ? doi : std::string();
}

std::string arxiv_id_from_doi(std::string_view doi) {
    constexpr std::string_view kPrefix = "10.48550/arxiv.";
    if (!text::starts_with_icase(doi, kPrefix)) return {};
    std::string_view id = doi.substr(kPrefix.size());
    return is_arxiv_id(id) ? std::string(id) : std::string();
}

std::string label_key(std::string_view label) {
    std::string out;
    for (char c : label) {
        if (c == '[' || c == ']' || c == '`' || c == '*' || c == '_' || c == '(' || c == ')') {
            out += ' ';
            continue;
        }
        out += c;
    }
    out = text::ascii_lower(text::clean_whitespace(out));
    while (!out.empty() && (out.back() == ':' || out.back() == '.')) out.pop_back();
    return out;
}

}  // namespace bibport::plugins::markdown
