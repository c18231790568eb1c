// SPDX-License-Identifier: MIT
// BibTeX / BibLaTeX reader: parse (bibtex_syntax), resolve crossref/xdata, map to Records.
#pragma once

#include "bibtex_schema.hpp"
#include "bibtex_syntax.hpp"

#include <bibport/format.hpp>
#include <bibport/stream.hpp>

namespace bibport::plugins::bibtex {

/// Reads whole or streaming (records handed on in batches as they are converted).
class BibtexReader final : public ReaderBase, public StreamingReaderBase {
public:
    explicit BibtexReader(Dialect dialect = Dialect::bibtex) : dialect_(dialect) {}
    int probe(std::string_view head) const noexcept override;

protected:
    void do_read(std::string_view input, const Context& ctx, ReadResult& out) override;
    void do_read_stream(std::string_view input, const Context& ctx, RecordSink& sink, ReadResult& out) override;

private:
    template <class Deliver>
    void read_records(std::string_view input, const Context& ctx, ReadResult& out, Deliver deliver);
    /// A large file parsed and converted in stretches on worker threads (see plan_chunks).
    /// False, with nothing delivered, when an entry reads another's (crossref, xdata).
    template <class Deliver>
    bool read_in_pieces(std::string_view input, const ChunkPlan& plan, const Schema& schema, ReadResult& out,
                        Deliver deliver);
    static std::size_t piece_bytes(const Context& ctx, Diagnostics& diagnostics);

    Dialect dialect_;
};

/// How sure we are that `head` is a .bib file (0..100), and whether it looks like BibLaTeX.
int probe_bib(std::string_view head, bool& biblatex_fields) noexcept;

/// Names as a BibTeX field holds them (raw LaTeX): "and"-separated, each in BibTeX's three
/// forms or BibLaTeX's extended form ("family=Smith, given=John, prefix=van").
std::vector<Name> read_names(std::string_view raw);

}  // namespace bibport::plugins::bibtex
