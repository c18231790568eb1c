// SPDX-License-Identifier: MIT
// The CSL-JSON and CSL-YAML readers and writers.
#pragma once

#include <bibport/format.hpp>

namespace bibport::plugins::csl {

/// csljson and cslyaml.
FormatList make_formats();

class CslJsonReader final : public ReaderBase {
public:
    int probe(std::string_view head) const noexcept override;

protected:
    void do_read(std::string_view input, const Context& ctx, ReadResult& out) override;
};

/// Options: indent=N (spaces per level, default 2; 0 writes each item on one line).
class CslJsonWriter final : public WriterBase {
protected:
    void do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) override;
};

/// Reads a YAML sequence of items, a mapping with `references:`, or a Markdown YAML front matter.
class CslYamlReader final : public ReaderBase {
public:
    int probe(std::string_view head) const noexcept override;

protected:
    void do_read(std::string_view input, const Context& ctx, ReadResult& out) override;
};

/// Options: references=true wraps the items as pandoc metadata (---, references:, ...).
class CslYamlWriter final : public WriterBase {
protected:
    void do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) override;
};

}  // namespace bibport::plugins::csl
