// SPDX-License-Identifier: MIT
// Reads Markdown paper lists (awesome-style lists, tables, bold-title entries) into records.
#pragma once

#include <bibport/format.hpp>

#include <cstddef>

namespace bibport::plugins::markdown {

/// How a document's blocks are read: in batches of `units_per_batch` blocks (0: the default
/// size) on `workers` threads (0: all on the calling thread). The result is the same.
struct ReadSplit {
    unsigned workers = 0;
    std::size_t units_per_batch = 0;
};

/// Reads a Markdown paper list into `out`; what MarkdownReader::read does, with the split given.
void read_markdown(std::string_view input, const Context& ctx, ReadResult& out, const ReadSplit& split);

class MarkdownReader final : public ReaderBase {
public:
    int probe(std::string_view head) const noexcept override;

protected:
    void do_read(std::string_view input, const Context& ctx, ReadResult& out) override;
};

}  // namespace bibport::plugins::markdown
