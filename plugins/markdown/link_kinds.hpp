// SPDX-License-Identifier: MIT
// What a link in a paper list is: its role from its label or host, arXiv ids and DOIs in URLs.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bibport::plugins::markdown {

enum class HostKind { other, paper, code, badge };

/// The link vocabulary (formats/markdown/links.yaml).
class LinkKinds {
public:
    static LinkKinds load(const std::filesystem::path& file);

    /// The role a link label names ("[pdf]" -> "paper", "mmpretrain code" -> "code"), or ""
    /// when the label is not in the vocabulary (then it is probably a title).
    std::string role_for_label(std::string_view label) const;

    /// How the host of `url` is classified; a path ending in ".pdf" counts as a paper.
    HostKind host_kind(std::string_view url) const;

private:
    std::vector<std::pair<std::string, std::string>> labels_;
    std::vector<std::string> paper_hosts_, code_hosts_, badge_hosts_;
};

/// Lower-case host without "www." ("https://www.arxiv.org/abs/x" -> "arxiv.org").
std::string host_of(std::string_view url);

/// The arXiv id of an arxiv.org abs/pdf/html URL ("2104.14294", "2104.14294v2", "cs/0112017"), or "".
std::string arxiv_id_from_url(std::string_view url);

/// The arXiv id of a shields.io arXiv badge ("https://img.shields.io/badge/arXiv-2104.14294-b31b1b"), or "".
std::string arxiv_id_from_badge(std::string_view image_src);

/// The DOI of a doi.org link (percent-decoded), or "".
std::string doi_from_url(std::string_view url);

/// The arXiv id inside an arXiv DOI ("10.48550/arXiv.2104.14294"), or "".
std::string arxiv_id_from_doi(std::string_view doi);

/// True for "2104.14294", "2104.14294v2", "1501.0001", "hep-th/9901001v1".
bool is_arxiv_id(std::string_view id) noexcept;

/// A link label as a key: brackets, backticks, emphasis and spaces around removed, lower case.
std::string label_key(std::string_view label);

}  // namespace bibport::plugins::markdown
