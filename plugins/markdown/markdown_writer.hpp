// SPDX-License-Identifier: MIT
// Writes a clean awesome-style paper list: headings per section, one line per record.
#pragma once

#include <bibport/format.hpp>

#include <cstddef>

namespace bibport::plugins::markdown {

/// How the record lines are written: in batches of `records_per_batch` records (0: the default
/// size) on `workers` threads (0: all on the calling thread). The text is the same.
struct WriteSplit {
    unsigned workers = 0;
    std::size_t records_per_batch = 0;
};

/// Writes a Markdown paper list into `out`; what MarkdownWriter::write does, with the split given.
void write_markdown(const Bibliography& bib, const Context& ctx, WriteResult& out, const WriteSplit& split);

class MarkdownWriter final : public WriterBase {
protected:
    void do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) override;
};

/// The line template used when none is given.
inline constexpr std::string_view kDefaultTemplate =
    "- <?**[{alias}]** ?><?{star} ?>{title}<? | **[{venue_tag}]**?><? *{type}*?><? | {links}?>";

}  // namespace bibport::plugins::markdown
