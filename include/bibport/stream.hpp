// SPDX-License-Identifier: MIT
// Streaming conversion: a reader hands records over in batches as it makes them and a writer
// writes each batch as it comes, so converting a large file never holds every record at once.
//
// Both interfaces are optional extras of a Reader or Writer object (the host finds them with
// dynamic_cast); a format that does not implement them is converted whole, as before. The host
// streams only when nothing needs the whole bibliography (one input, no --dedupe). The
// output is the same byte for byte either way: streaming is a memory and speed optimisation,
// never a different result.
#pragma once

#include <bibport/format.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace bibport {

/// Where a streaming reader puts records, in input order.
class BIBPORT_VISIBLE RecordSink {
public:
    virtual ~RecordSink() = default;
    /// Takes the next records. The sink may move from them, and may put records it is done
    /// with in their place; the reader destroys whatever `batch` holds afterwards (on the
    /// thread that made its own records, which is cheaper for the allocator).
    /// Returns false when the reader should stop because the output has failed.
    virtual bool take(std::vector<Record>& batch) noexcept = 0;
};

/// A Reader that can stream. The result carries every diagnostic and the document-level data
/// (title, description, sections, extra); its `records` stay empty: they went to the sink.
class BIBPORT_VISIBLE StreamingReader {
public:
    virtual ~StreamingReader() = default;
    virtual ReadResult read_stream(std::string_view input, const Context& ctx, RecordSink& sink) noexcept = 0;
};

/// Where a streaming writer puts its output text, in order.
class BIBPORT_VISIBLE OutputSink {
public:
    virtual ~OutputSink() = default;
    /// Returns false once the output has failed (the writer may stop early).
    virtual bool write(std::string_view text) noexcept = 0;
};

/// A Writer that can stream: begin, then batches in order, then end. Each call returns false
/// when no usable output can be produced (as WriteResult::failed).
class BIBPORT_VISIBLE StreamingWriter {
public:
    virtual ~StreamingWriter() = default;
    virtual bool begin(const Context& ctx, OutputSink& out, Diagnostics& diagnostics) noexcept = 0;
    /// `first_index` is the position of batch[0] among all records written so far.
    virtual bool write_batch(const std::vector<Record>& batch, std::size_t first_index, OutputSink& out,
                             Diagnostics& diagnostics) noexcept = 0;
    /// `document` holds the document-level data; its `records` are empty.
    virtual bool end(const Bibliography& document, OutputSink& out, Diagnostics& diagnostics) noexcept = 0;
};

/// A Writer that can hand the text of a whole bibliography to a sink piece by piece, in
/// order, instead of returning it as one string: the host writes each piece to the output file
/// as it comes, so the file is written while the rest is still being formatted and the text is
/// never held whole. For writers that need every record first (BibTeX makes its keys unique
/// over the whole file) and so cannot stream. Text and diagnostics are those of Writer::write.
class BIBPORT_VISIBLE SinkWriter {
public:
    virtual ~SinkWriter() = default;
    /// Returns false when no usable output can be produced (as WriteResult::failed).
    virtual bool write_to(const Bibliography& bib, const Context& ctx, OutputSink& out,
                          Diagnostics& diagnostics) noexcept = 0;
};

/// Base for streaming readers: implement do_read_stream, which may throw.
class StreamingReaderBase : public StreamingReader {
public:
    ReadResult read_stream(std::string_view input, const Context& ctx, RecordSink& sink) noexcept final {
        ReadResult result;
        detail::run_guarded(result.diagnostics, true, [&] { do_read_stream(input, ctx, sink, result); });
        return result;
    }

protected:
    virtual void do_read_stream(std::string_view input, const Context& ctx, RecordSink& sink, ReadResult& out) = 0;
};

/// Base for streaming writers: implement the do_ functions, which may throw (an exception is
/// an error and a failed output).
class StreamingWriterBase : public StreamingWriter {
public:
    bool begin(const Context& ctx, OutputSink& out, Diagnostics& diagnostics) noexcept final {
        return guard(diagnostics, [&] { return do_begin(ctx, out, diagnostics); });
    }
    bool write_batch(const std::vector<Record>& batch, std::size_t first_index, OutputSink& out,
                     Diagnostics& diagnostics) noexcept final {
        return guard(diagnostics, [&] { return do_write_batch(batch, first_index, out, diagnostics); });
    }
    bool end(const Bibliography& document, OutputSink& out, Diagnostics& diagnostics) noexcept final {
        return guard(diagnostics, [&] { return do_end(document, out, diagnostics); });
    }

protected:
    virtual bool do_begin(const Context& ctx, OutputSink& out, Diagnostics& diagnostics) = 0;
    virtual bool do_write_batch(const std::vector<Record>& batch, std::size_t first_index, OutputSink& out,
                                Diagnostics& diagnostics) = 0;
    virtual bool do_end(const Bibliography& document, OutputSink& out, Diagnostics& diagnostics) = 0;

private:
    template <class F>
    static bool guard(Diagnostics& diagnostics, F&& f) noexcept {
        bool ok = false;
        detail::run_guarded(diagnostics, false, [&] { ok = f(); });
        return ok;
    }
};

}  // namespace bibport
