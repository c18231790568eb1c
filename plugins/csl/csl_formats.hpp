// SPDX-License-Identifier: MIT
// The CSL-JSON and CSL-YAML readers and writers.
#pragma once

#include <bibport/format.hpp>
#include <bibport/stream.hpp>

namespace bibport::plugins::csl {

/// csljson and cslyaml.
FormatList make_formats();

/// Reads whole or streaming: an array of items is parsed item by item, a batch at a time.
class CslJsonReader final : public ReaderBase, public StreamingReaderBase {
public:
    int probe(std::string_view head) const noexcept override;

protected:
    void do_read(std::string_view input, const Context& ctx, ReadResult& out) override;
    void do_read_stream(std::string_view input, const Context& ctx, RecordSink& sink, ReadResult& out) override;

private:
    template <class Deliver>
    void read_items(std::string_view input, const Context& ctx, ReadResult& out, bool streaming, Deliver deliver);
};

/// Options: indent=N (spaces per level, default 2; 0 writes each item on one line).
/// Writes whole or streaming (the same text).
class CslJsonWriter final : public WriterBase, public StreamingWriterBase {
protected:
    void do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) override;
    bool do_begin(const Context& ctx, OutputSink& out, Diagnostics& diagnostics) override;
    bool do_write_batch(const std::vector<Record>& batch, std::size_t first_index, OutputSink& out,
                        Diagnostics& diagnostics) override;
    bool do_end(const Bibliography& document, OutputSink& out, Diagnostics& diagnostics) override;

private:
    int stream_indent_ = 2;
    std::size_t streamed_ = 0;
    std::string stream_buffer_;
};

/// Reads a YAML sequence of items, a mapping with `references:`, or a Markdown YAML front matter.
class CslYamlReader final : public ReaderBase {
public:
    int probe(std::string_view head) const noexcept override;

protected:
    void do_read(std::string_view input, const Context& ctx, ReadResult& out) override;
};

/// Options: references=true wraps the items as pandoc metadata (---, references:, ...).
/// Writes whole or streaming (the same text).
class CslYamlWriter final : public WriterBase, public StreamingWriterBase {
protected:
    void do_write(const Bibliography& bib, const Context& ctx, WriteResult& out) override;
    bool do_begin(const Context& ctx, OutputSink& out, Diagnostics& diagnostics) override;
    bool do_write_batch(const std::vector<Record>& batch, std::size_t first_index, OutputSink& out,
                        Diagnostics& diagnostics) override;
    bool do_end(const Bibliography& document, OutputSink& out, Diagnostics& diagnostics) override;

private:
    bool stream_wrap_ = false;
    std::size_t streamed_ = 0;
    std::string stream_buffer_;
};

}  // namespace bibport::plugins::csl
