// SPDX-License-Identifier: MIT
#include "markdown_plugin.hpp"

#include "markdown_reader.hpp"
#include "markdown_writer.hpp"

namespace bibport::plugins::markdown {

FormatInfo format_info() {
    return FormatInfo{
        .id = "markdown",
        .display_name = "Markdown paper list",
        .aliases = {"md", "awesome"},
        .extensions = {"md", "markdown"},
        .media_types = {"text/markdown"},
        .read_options = {
            {"repair", "auto", "auto: undo double-encoded UTF-8 (mojibake) line by line; off: keep the text as is"},
            {"venues", "venues.yaml", "venue table (YAML) mapping short venue names to full names and types"},
        },
        .write_options = {
            {"group", "section", "headings by: section (the records' heading trails), year, venue, none"},
            {"template", "",
             "line template; placeholders {alias} {star} {title} {venue} {yy} {year} {venue_tag} {type} {links} "
             "{authors} {url} {doi} {arxiv}; text between <? and ?> is left out when its placeholders are empty"},
            {"authors", "line", "line: authors on an indented line under the entry; none: leave them out"},
            {"star", "\U0001F31F", "the mark written for highlighted records"},
            {"venues", "venues.yaml", "venue table (YAML) used to write short venue tags"},
        },
        .description = "awesome-style Markdown paper lists (alias, star, title, venue tag, links)",
    };
}

FormatList make_formats() {
    FormatList out;
    out.push_back(std::make_unique<SimpleFormat<MarkdownReader, MarkdownWriter>>(format_info()));
    return out;
}

}  // namespace bibport::plugins::markdown
