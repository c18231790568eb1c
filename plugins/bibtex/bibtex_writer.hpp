// SPDX-License-Identifier: MIT
// BibTeX / BibLaTeX writer.
#pragma once

#include "bibtex_schema.hpp"

#include <bibport/format.hpp>
#include <bibport/stream.hpp>

namespace bibport::plugins::bibtex {

/// Keys are made unique over the whole file, so the writer needs every record: it does not
/// stream, but hands its text to a sink in pieces (SinkWriter) while entries are formatted on
/// the other threads.
class BibtexWriter final : public WriterBase, public SinkWriter {
public:
    explicit BibtexWriter(Dialect dialect = Dialect::bibtex) : dialect_(dialect) {}

    bool write_to(const Bibliography& bib, const Context& ctx, OutputSink& out,
                  Diagnostics& diagnostics) noexcept override;

protected:
    void do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) override;

private:
    /// What both entry points do: the text in order into `out` (may throw).
    void write_all(const Bibliography& bib, const Context& ctx, OutputSink& out, Diagnostics& diagnostics) const;

    Dialect dialect_;
};

/// A name as a BibTeX names field holds it: "von Last, Jr., First", corporate names in
/// braces, "others" for the et-al marker; LaTeX specials escaped.
std::string write_name(const Name& n, bool ascii);

}  // namespace bibport::plugins::bibtex
