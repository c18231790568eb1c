// SPDX-License-Identifier: MIT
#include "pipeline.hpp"

#include "atomic_file.hpp"
#include "detect.hpp"
#include "input_text.hpp"
#include "merge.hpp"

#include <bibport/stream.hpp>

#include <algorithm>
#include <optional>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

namespace bibport::core {
namespace {

std::string display_name(const std::string& input) { return input == "-" ? "<stdin>" : input; }

const RegisteredFormat* format_by_id(const Registry& registry, const std::string& id, bool for_writing) {
    const RegisteredFormat* f = registry.find(id);
    if (!f)
        throw UsageError("unknown format '" + id + "'; known formats: " +
                         registry.id_list(!for_writing, for_writing));
    if (for_writing && !f->info().can_write)
        throw UsageError("format '" + id + "' cannot be written; writable formats: " +
                         registry.id_list(false, true));
    if (!for_writing && !f->info().can_read)
        throw UsageError("format '" + id + "' cannot be read; readable formats: " +
                         registry.id_list(true, false));
    return f;
}

const RegisteredFormat* resolve_output_format(const Registry& registry, const ConvertRequest& req) {
    if (!req.to.empty()) return format_by_id(registry, req.to, true);
    if (!req.output.empty() && req.output != "-") {
        if (const auto* f = output_format_for_path(registry, req.output)) return f;
        throw UsageError("cannot tell the output format from '" + req.output + "'; use -t with one of: " +
                         registry.id_list(false, true));
    }
    throw UsageError("no output format: use -t with one of: " + registry.id_list(false, true));
}

void collect(ConvertOutcome& outcome, Diagnostics& diags, const std::string& file) {
    for (auto& d : diags.items()) {
        if (d.file.empty()) d.file = file;
        if (d.code == "skip") ++outcome.records_skipped;
        outcome.diagnostics.push_back(std::move(d));
    }
}

bool has_severity(const ConvertOutcome& o, Severity s) {
    return std::any_of(o.diagnostics.begin(), o.diagnostics.end(),
                       [s](const Diagnostic& d) { return d.severity == s; });
}

}  // namespace

void check_options(const Options& options, const RegisteredFormat* in, const RegisteredFormat* out) {
    std::vector<const RegisteredFormat*> ins;
    if (in) ins.push_back(in);
    check_options(options, ins, out);
}

void check_options(const Options& options, const std::vector<const RegisteredFormat*>& ins, const RegisteredFormat* out) {
    for (const auto& entry : options) {
        const std::string& key = entry.first;
        bool known = false;
        std::string accepted;
        auto scan = [&](const std::vector<OptionSpec>& specs) {
            for (const auto& s : specs) {
                known |= s.key == key;
                if (accepted.find(s.key) == std::string::npos) accepted += (accepted.empty() ? "" : ", ") + s.key;
            }
        };
        for (const RegisteredFormat* in : ins) scan(in->info().read_options);
        if (out) scan(out->info().write_options);
        if (!known)
            throw UsageError("unknown option '" + key + "'" +
                             (accepted.empty() ? std::string(" (these formats take no options)")
                                               : "; accepted here: " + accepted));
    }
}

std::vector<const RegisteredFormat*> input_formats_for(const Registry& registry, const ConvertRequest& request) {
    std::vector<const RegisteredFormat*> ins;
    auto add = [&](const RegisteredFormat* f) {
        if (f && f->info().can_read && std::find(ins.begin(), ins.end(), f) == ins.end()) ins.push_back(f);
    };
    if (!request.from.empty()) {
        add(format_by_id(registry, request.from, false));
        return ins;
    }
    bool content_decides = request.inputs.empty();
    for (const auto& input : request.inputs) {
        const std::string ext = input == "-" ? std::string() : extension_of(input);
        auto by_ext = ext.empty() ? std::vector<const RegisteredFormat*>{} : registry.by_extension(ext);
        content_decides |= std::none_of(by_ext.begin(), by_ext.end(), [](auto* f) { return f->info().can_read; });
        for (auto* f : by_ext) add(f);
    }
    if (content_decides)
        for (const auto& f : registry.formats()) add(&f);
    return ins;
}

namespace {

/// One input, read and checked, with the format it will be read as.
struct LoadedInput {
    std::string name;
    InputBuffer content;
    const RegisteredFormat* format = nullptr;
    std::shared_ptr<Reader> reader;   // keeps its plugin loaded
};

/// Reads `input`, refuses binary, finds its format and makes a reader; false (with an error in
/// `outcome`) when any of that fails.
bool load_input(const Registry& registry, const std::string& input, const RegisteredFormat* forced,
                const ConvertRequest& request, LoadedInput& in, ConvertOutcome& outcome) {
    in.name = display_name(input);
    std::string error;
    if (!in.content.load(input, error, request.max_input_bytes)) {
        outcome.diagnostics.push_back({Severity::error, in.name, 0, 0, {}, "cannot read file: " + error, "io"});
        return false;
    }
    if (!prepare_input_text(in.content, in.name, outcome.diagnostics)) return false;   // binary
    in.format = forced ? forced : detect_input_format(registry, input, in.content.text());
    if (!in.format) {
        outcome.diagnostics.push_back({Severity::error, in.name, 0, 0, {},
                                       "cannot tell the format of this input; use -f with one of: " +
                                           registry.id_list(true, false),
                                       "format"});
        return false;
    }
    in.reader = in.format->make_reader();
    if (!in.reader) {
        outcome.diagnostics.push_back({Severity::error, in.name, 0, 0, {},
                                       "format '" + in.format->info().id + "' failed to make a reader", "plugin"});
        return false;
    }
    return true;
}

/// An input that yields nothing and says nothing would otherwise convert silently to an empty
/// file: say so, and count it as an input problem.
void report_if_empty(std::size_t records, const LoadedInput& in, Diagnostics& diagnostics) {
    if (records == 0 && !diagnostics.has_errors())
        diagnostics.error(0, 0, "no records found in this input (read as " + in.format->info().id + ")", {}, "empty");
}

void read_loaded(LoadedInput& in, const ConvertRequest& request, Bibliography& merged, ConvertOutcome& outcome) {
    Context ctx{in.name, request.data_dir, request.options};
    ReadResult result = in.reader->read(in.content.text(), ctx);
    in.content.clear();   // the records own their text now
    report_if_empty(result.bibliography.records.size(), in, result.diagnostics);
    outcome.records_read += result.bibliography.records.size();
    merge_bibliography(merged, std::move(result.bibliography), in.name, result.diagnostics);
    collect(outcome, result.diagnostics, in.name);
}

const RegisteredFormat* forced_input_format(const Registry& registry, const ConvertRequest& request) {
    return request.from.empty() ? nullptr : format_by_id(registry, request.from, false);
}

void finish_reading(Bibliography& merged, const ConvertRequest& request, const std::vector<std::string>& inputs,
                    ConvertOutcome& outcome) {
    if (!request.dedupe) return;
    Diagnostics merges;
    dedupe(merged, merges);
    collect(outcome, merges, inputs.size() == 1 ? display_name(inputs.front()) : std::string("<merged>"));
}

}  // namespace

Bibliography read_inputs(const Registry& registry, const ConvertRequest& request, ConvertOutcome& outcome) {
    std::vector<std::string> inputs = request.inputs;
    if (inputs.empty()) inputs.push_back("-");
    const RegisteredFormat* forced = forced_input_format(registry, request);
    Bibliography merged;
    for (const auto& input : inputs) {
        LoadedInput in;
        if (load_input(registry, input, forced, request, in, outcome)) read_loaded(in, request, merged, outcome);
    }
    finish_reading(merged, request, inputs, outcome);
    return merged;
}

namespace {

/// A writer's text on its way to the temporary output file: small pieces are gathered, large
/// ones (a writer's batch) go to the file as they are, not copied first.
class FileSink final : public OutputSink {
public:
    explicit FileSink(AtomicOutputFile& file) : file_(file) {}

    bool write(std::string_view text) noexcept override {
        if (failed_) return false;
        bytes_ += text.size();
        if (buffer_.size() + text.size() > kFlushBytes && !flush()) return false;
        if (text.size() >= kDirectBytes) {
            if (!flush()) return false;
            failed_ = !file_.write(text);
            return !failed_;
        }
        try {
            buffer_.append(text);
        } catch (...) {
            failed_ = true;
        }
        return !failed_;
    }

    /// Writes what is gathered; false once a write has failed (commit() then says why).
    bool flush() noexcept {
        if (!buffer_.empty() && !failed_) failed_ = !file_.write(buffer_);
        buffer_.clear();
        return !failed_;
    }

    bool failed() const noexcept { return failed_; }
    std::size_t bytes() const noexcept { return bytes_; }   // handed in so far

private:
    static constexpr std::size_t kFlushBytes = std::size_t(1) << 20;
    static constexpr std::size_t kDirectBytes = std::size_t(1) << 16;

    AtomicOutputFile& file_;
    std::string buffer_;
    std::size_t bytes_ = 0;
    bool failed_ = false;
};

/// The streaming path's go-between: records from the reader go to the writer in batches, and
/// the writer's text goes to the temporary output file in large pieces. The writer runs on a
/// thread of its own, so that the reader's thread (which hands records on in order) never
/// waits for formatting or disk: with the reader's workers converting, both cores stay busy.
class StreamingPipe final : public RecordSink, public OutputSink {
public:
    StreamingPipe(StreamingWriter& writer, AtomicOutputFile& file) : writer_(writer), file_(file) {}
    ~StreamingPipe() { finish(); }

    /// Starts the writer thread (after the writer's begin(), which runs on the caller's thread).
    void start() { thread_ = std::thread([this] { run(); }); }

    bool take(std::vector<Record>& batch) noexcept override {
        const std::size_t first = records_;
        records_ += batch.size();   // counted as read even when they can no longer be written
        if (!thread_.joinable()) return false;   // the writer failed to begin
        if (batch.empty()) return !stopped();
        try {
            std::unique_lock lock(m_);
            room_.wait(lock, [&] { return queue_.size() < kQueuedBatches || stop_; });
            if (stop_) return false;
            queue_.push_back({std::move(batch), first});
            // Records already written go back in exchange, to be destroyed by the reader's
            // threads, which made them: freeing memory on the thread that allocated it is
            // cheaper for the allocator, and it keeps that work off the writer's thread.
            if (!spent_.empty()) {
                batch = std::move(spent_.front());
                spent_.pop_front();
            }
        } catch (...) {
            fail();
            return false;
        }
        ready_.notify_one();
        return true;
    }

    /// Waits until every batch taken is written; the writer thread ends.
    void finish() noexcept {
        if (!thread_.joinable()) return;
        {
            std::lock_guard lock(m_);
            closing_ = true;
        }
        ready_.notify_one();
        thread_.join();
    }

    bool write(std::string_view text) noexcept override { return file_.write(text); }

    bool flush() noexcept { return file_.flush(); }

    // After finish():
    std::size_t records() const noexcept { return records_; }
    bool writer_ok() const noexcept { return ok_; }
    void writer_failed() noexcept { ok_ = false; }
    Diagnostics& diagnostics() noexcept { return diagnostics_; }

private:
    struct Queued {
        std::vector<Record> records;
        std::size_t first_index;
    };

    static constexpr std::size_t kQueuedBatches = 2;   // bounds memory: the reader waits beyond

    void run() noexcept {
        for (;;) {
            Queued next;
            {
                std::unique_lock lock(m_);
                ready_.wait(lock, [&] { return !queue_.empty() || closing_ || stop_; });
                if (queue_.empty() || stop_) return;
                next = std::move(queue_.front());
                queue_.pop_front();
            }
            room_.notify_one();
            if (ok_) ok_ = writer_.write_batch(next.records, next.first_index, *this, diagnostics_);
            if (!ok_ || file_.failed()) {
                fail();
                return;
            }
            std::lock_guard lock(m_);
            spent_.push_back(std::move(next.records));
        }
    }

    bool stopped() noexcept {
        std::lock_guard lock(m_);
        return stop_;
    }

    void fail() noexcept {
        {
            std::lock_guard lock(m_);
            stop_ = true;
            queue_.clear();
        }
        room_.notify_all();
    }

    StreamingWriter& writer_;
    FileSink file_;
    Diagnostics diagnostics_;   // the writer's
    std::size_t records_ = 0;   // taken so far (the reader's thread)
    bool ok_ = true;            // the writer thread's, read after finish()
    std::thread thread_;
    std::mutex m_;
    std::condition_variable ready_, room_;
    std::deque<Queued> queue_;
    std::deque<std::vector<Record>> spent_;   // written, waiting to go back to the reader
    bool closing_ = false, stop_ = false;
};

bool to_stdout(const ConvertRequest& request) { return request.output.empty() || request.output == "-"; }

/// The output as diagnostics name it: the file, or "<stdout>".
std::string output_name(const ConvertRequest& request) { return to_stdout(request) ? "<stdout>" : request.output; }

/// The writer's context, the same for both paths (so are its diagnostics).
Context writer_context(const ConvertRequest& request) {
    return Context{request.output.empty() ? "<stdout>" : request.output, request.data_dir, request.options};
}

/// One input streamed into the output file, or into `spool` (already open) for standard
/// output. The checks and the outcome are those of the whole-bibliography path; only the
/// records never all exist at once.
ConvertOutcome convert_streaming(LoadedInput& in, StreamingReader& reader, StreamingWriter& writer,
                                 const RegisteredFormat* out_format, const ConvertRequest& request,
                                 ConvertOutcome outcome, std::shared_ptr<AtomicOutputFile> spool) {
    std::string error;
    const std::shared_ptr<AtomicOutputFile> file = spool ? std::move(spool) : std::make_shared<AtomicOutputFile>();
    if (!to_stdout(request) && !file->open(request.output, error)) {
        outcome.diagnostics.push_back({Severity::error, request.output, 0, 0, {}, error, "io"});
        outcome.exit_status = kExitInput;
        return outcome;
    }
    outcome.streamed = true;
    StreamingPipe pipe(writer, *file);
    const std::string out_name = output_name(request);
    const Context write_ctx = writer_context(request);
    if (!writer.begin(write_ctx, pipe, pipe.diagnostics())) pipe.writer_failed();
    if (pipe.writer_ok()) pipe.start();

    Context read_ctx{in.name, request.data_dir, request.options};
    ReadResult result = reader.read_stream(in.content.text(), read_ctx, pipe);
    pipe.finish();
    in.content.clear();
    report_if_empty(pipe.records(), in, result.diagnostics);
    outcome.records_read = pipe.records();
    Bibliography document;
    merge_bibliography(document, std::move(result.bibliography), in.name, result.diagnostics);
    collect(outcome, result.diagnostics, in.name);

    const bool read_errors = has_severity(outcome, Severity::error);
    if ((pipe.records() == 0 && read_errors) || (request.strict && has_severity(outcome, Severity::warning))) {
        outcome.exit_status = kExitInput;   // nothing could be read, or --strict: write nothing
        return outcome;
    }
    if (pipe.writer_ok() && !writer.end(document, pipe, pipe.diagnostics())) pipe.writer_failed();
    Diagnostics& written = pipe.diagnostics();
    const std::size_t writer_skips = written.skipped();
    const bool writer_errors = written.has_errors();
    collect(outcome, written, out_name);
    outcome.losses = collect_losses(outcome.diagnostics, out_format->info().id);
    if (!pipe.writer_ok() || (request.strict && has_severity(outcome, Severity::warning)) ||
        (writer_errors && pipe.records() == writer_skips)) {
        outcome.exit_status = kExitInput;
        return outcome;
    }
    outcome.records_written = pipe.records() - std::min(writer_skips, pipe.records());
    pipe.flush();   // a failed write makes commit() fail, with the reason
    if (!file->commit(error, request.sync)) {
        outcome.diagnostics.push_back({Severity::error, out_name, 0, 0, {}, error, "io"});
        outcome.exit_status = kExitInput;
        return outcome;
    }
    if (to_stdout(request)) outcome.output_spool = file;
    outcome.output_written = true;
    if (has_severity(outcome, Severity::error)) outcome.exit_status = kExitInput;
    return outcome;
}

/// Streaming is possible when nothing needs the whole bibliography: one input (a file or
/// standard input, which is read whole first either way), no --dedupe. Standard output is
/// written only once everything has succeeded: a streamed conversion to it goes to a temporary
/// file first.
bool may_stream(const ConvertRequest& request) {
    return request.stream && request.inputs.size() <= 1 && !request.dedupe;
}

}  // namespace

ConvertOutcome convert(const Registry& registry, const ConvertRequest& request) {
    ConvertOutcome outcome;
    const RegisteredFormat* out_format = resolve_output_format(registry, request);
    check_options(request.options, input_formats_for(registry, request), out_format);
    const RegisteredFormat* in_format = request.from.empty() ? nullptr : format_by_id(registry, request.from, false);

    Bibliography bib;
    if (may_stream(request)) {
        // The writer is made first: only when both sides stream is the input read that way.
        auto writer = out_format->make_writer();
        auto* streaming_writer = dynamic_cast<StreamingWriter*>(writer.get());
        LoadedInput in;
        const std::string input = request.inputs.empty() ? "-" : request.inputs.front();
        if (streaming_writer && load_input(registry, input, in_format, request, in, outcome)) {
            // Standard output streams through a temporary file; without one, the whole way.
            std::shared_ptr<AtomicOutputFile> spool;
            std::string spool_error;
            auto* streaming_reader = dynamic_cast<StreamingReader*>(in.reader.get());
            if (streaming_reader && to_stdout(request)) {
                spool = std::make_shared<AtomicOutputFile>();
                if (!spool->open_spool(spool_error)) streaming_reader = nullptr;
            }
            if (streaming_reader)
                return convert_streaming(in, *streaming_reader, *streaming_writer, out_format, request,
                                         std::move(outcome), std::move(spool));
            read_loaded(in, request, bib, outcome);
            finish_reading(bib, request, request.inputs, outcome);
        } else if (!streaming_writer) {
            bib = read_inputs(registry, request, outcome);
        }
    } else {
        bib = read_inputs(registry, request, outcome);
    }
    const bool read_errors = has_severity(outcome, Severity::error);
    if (bib.records.empty() && read_errors) {
        outcome.exit_status = kExitInput;   // nothing could be read: write nothing
        return outcome;
    }
    if (request.strict && has_severity(outcome, Severity::warning)) {
        outcome.exit_status = kExitInput;
        return outcome;
    }

    auto writer = out_format->make_writer();
    if (!writer) throw UsageError("format '" + out_format->info().id + "' failed to make a writer");
    const Context ctx = writer_context(request);
    const bool to_file = !to_stdout(request);
    // A writer that can hand its text on in pieces writes straight into the temporary file (the
    // file is written while the rest is formatted); others return the whole text. A file that
    // cannot be opened is left to the second way, which reports it after writing as always.
    auto* sink_writer = to_file ? dynamic_cast<SinkWriter*>(writer.get()) : nullptr;
    AtomicOutputFile file;   // removed unless committed
    std::string open_error;
    if (sink_writer && !file.open(request.output, open_error)) sink_writer = nullptr;
    std::optional<FileSink> sink;
    WriteResult written;
    if (sink_writer) {
        sink.emplace(file);
        written.failed = !sink_writer->write_to(bib, ctx, *sink, written.diagnostics);
    } else {
        written = writer->write(bib, ctx);
    }
    const std::size_t text_bytes = sink ? sink->bytes() : written.text.size();
    const std::size_t writer_skips = written.diagnostics.skipped();
    collect(outcome, written.diagnostics, output_name(request));
    outcome.losses = collect_losses(outcome.diagnostics, out_format->info().id);
    if (written.failed || (request.strict && has_severity(outcome, Severity::warning)) ||
        (written.diagnostics.has_errors() && text_bytes == 0)) {
        outcome.exit_status = kExitInput;
        return outcome;
    }
    outcome.records_written = bib.records.size() - std::min(writer_skips, bib.records.size());

    // The records are no longer needed. A program about to exit keeps them (still reachable:
    // no leak); otherwise they are freed, half on each of two threads, while the output is
    // written (for a large file both take a noticeable time).
    std::jthread release;   // joined when the function returns
    if (request.keep_records) {
        static auto* kept = new std::vector<Bibliography>;
        static std::mutex kept_mutex;
        std::lock_guard lock(kept_mutex);
        kept->push_back(std::move(bib));
    } else {
        release = std::jthread([spent = std::move(bib)]() mutable {
            auto& records = spent.records;
            const std::size_t half = records.size() / 2;
            std::jthread second([&] {
                for (std::size_t i = half; i < records.size(); ++i) records[i] = Record();
            });
            for (std::size_t i = 0; i < half; ++i) records[i] = Record();
        });
    }
    std::string error;
    if (!to_file) {
        outcome.output_text = std::move(written.text);
    } else if (sink) {
        sink->flush();   // a failed write makes commit() fail, with the reason
        if (!file.commit(error, request.sync)) {
            outcome.diagnostics.push_back({Severity::error, request.output, 0, 0, {}, error, "io"});
            outcome.exit_status = kExitInput;
            return outcome;
        }
    } else if (!write_file_atomically(request.output, written.text, error, request.sync)) {
        outcome.diagnostics.push_back({Severity::error, request.output, 0, 0, {}, error, "io"});
        outcome.exit_status = kExitInput;
        return outcome;
    }
    outcome.output_written = true;
    if (has_severity(outcome, Severity::error)) outcome.exit_status = kExitInput;
    return outcome;
}

}  // namespace bibport::core
