// SPDX-License-Identifier: MIT
// Writes a clean awesome-style paper list: headings per section, one line per record.
#pragma once

#include <bibport/format.hpp>

namespace bibport::plugins::markdown {

class MarkdownWriter final : public WriterBase {
protected:
    void do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) override;
};

/// The line template used when none is given.
inline constexpr std::string_view kDefaultTemplate =
    "- <?**[{alias}]** ?><?{star} ?>{title}<? | **[{venue_tag}]**?><? *{type}*?><? | {links}?>";

}  // namespace bibport::plugins::markdown
