// SPDX-License-Identifier: MIT
// BibTeX / BibLaTeX writer.
#pragma once

#include "bibtex_schema.hpp"

#include <bibport/format.hpp>

namespace bibport::plugins::bibtex {

class BibtexWriter final : public WriterBase {
public:
    explicit BibtexWriter(Dialect dialect = Dialect::bibtex) : dialect_(dialect) {}

protected:
    void do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) override;

private:
    Dialect dialect_;
};

/// A name as a BibTeX names field holds it: "von Last, Jr., First", corporate names in
/// braces, "others" for the et-al marker; LaTeX specials escaped.
std::string write_name(const Name& n, bool ascii);

}  // namespace bibport::plugins::bibtex
