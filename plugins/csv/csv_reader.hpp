// SPDX-License-Identifier: MIT
#pragma once

#include <bibport/format.hpp>

namespace bibport::plugins::csv {

/// Reads CSV (or TSV): the header row picks a profile, each further row is one record.
class CsvReader final : public ReaderBase {
public:
    int probe(std::string_view head) const noexcept override;

protected:
    void do_read(std::string_view input, const Context& ctx, ReadResult& out) override;
};

}  // namespace bibport::plugins::csv
