// SPDX-License-Identifier: MIT
// Reads Markdown paper lists (awesome-style lists, tables, bold-title entries) into records.
#pragma once

#include <bibport/format.hpp>

namespace bibport::plugins::markdown {

class MarkdownReader final : public ReaderBase {
public:
    int probe(std::string_view head) const noexcept override;

protected:
    void do_read(std::string_view input, const Context& ctx, ReadResult& out) override;
};

}  // namespace bibport::plugins::markdown
