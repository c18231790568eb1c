// SPDX-License-Identifier: MIT
// The RIS format: what the plugin declares and the reader and writer it makes.
#pragma once

#include <bibport/format.hpp>

#include <string_view>

namespace bibport::plugins::ris {

/// The tag that carries what RIS has no tag for, one "key: value" per line (see README.md).
inline constexpr std::string_view kCustomTag = "U5";

class RisReader final : public ReaderBase {
public:
    int probe(std::string_view head) const noexcept override;

protected:
    void do_read(std::string_view input, const Context& ctx, ReadResult& out) override;
};

class RisWriter final : public WriterBase {
protected:
    void do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) override;
};

FormatInfo ris_info();

/// The plugin's factory (BIBPORT_PLUGIN in ris_entry.cpp).
FormatList make_formats();

}  // namespace bibport::plugins::ris
