// SPDX-License-Identifier: MIT
#include "pipeline.hpp"

#include "atomic_file.hpp"
#include "detect.hpp"
#include "input_text.hpp"
#include "merge.hpp"

#include <algorithm>

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
        if (in) scan(in->info().read_options);
        if (out) scan(out->info().write_options);
        if (!known)
            throw UsageError("unknown option '" + key + "'" +
                             (accepted.empty() ? std::string(" (these formats take no options)")
                                               : "; accepted here: " + accepted));
    }
}

Bibliography read_inputs(const Registry& registry, const ConvertRequest& request, ConvertOutcome& outcome) {
    std::vector<std::string> inputs = request.inputs;
    if (inputs.empty()) inputs.push_back("-");
    const RegisteredFormat* forced = request.from.empty() ? nullptr : format_by_id(registry, request.from, false);

    Bibliography merged;
    for (const auto& input : inputs) {
        const std::string name = display_name(input);
        std::string content, error;
        if (!read_whole_file(input, content, error, request.max_input_bytes)) {
            outcome.diagnostics.push_back({Severity::error, name, 0, 0, {}, "cannot read file: " + error, "io"});
            continue;
        }
        if (!prepare_input_text(content, name, outcome.diagnostics)) continue;   // binary
        const RegisteredFormat* format = forced ? forced : detect_input_format(registry, input, content);
        if (!format) {
            outcome.diagnostics.push_back({Severity::error, name, 0, 0, {},
                                           "cannot tell the format of this input; use -f with one of: " +
                                               registry.id_list(true, false),
                                           "format"});
            continue;
        }
        auto reader = format->make_reader();
        if (!reader) {
            outcome.diagnostics.push_back({Severity::error, name, 0, 0, {}, "format '" + format->info().id + "' failed to make a reader", "plugin"});
            continue;
        }
        Context ctx{name, request.data_dir, request.options};
        ReadResult result = reader->read(content, ctx);
        // An input that yields nothing and says nothing would otherwise convert silently to
        // an empty file: say so, and count it as an input problem.
        if (result.bibliography.records.empty() && !result.diagnostics.has_errors())
            result.diagnostics.error(0, 0, "no records found in this input (read as " + format->info().id + ")", {}, "empty");
        outcome.records_read += result.bibliography.records.size();
        merge_bibliography(merged, std::move(result.bibliography), name, result.diagnostics);
        collect(outcome, result.diagnostics, name);
    }
    if (request.dedupe) {
        Diagnostics merges;
        dedupe(merged, merges);
        collect(outcome, merges, inputs.size() == 1 ? display_name(inputs.front()) : std::string("<merged>"));
    }
    return merged;
}

ConvertOutcome convert(const Registry& registry, const ConvertRequest& request) {
    ConvertOutcome outcome;
    const RegisteredFormat* out_format = resolve_output_format(registry, request);
    const RegisteredFormat* in_format = request.from.empty() ? nullptr : format_by_id(registry, request.from, false);
    check_options(request.options, in_format, out_format);

    Bibliography bib = read_inputs(registry, request, outcome);
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
    Context ctx{request.output.empty() ? "<stdout>" : request.output, request.data_dir, request.options};
    WriteResult written = writer->write(bib, ctx);
    const std::size_t writer_skips = written.diagnostics.skipped();
    collect(outcome, written.diagnostics, request.output.empty() || request.output == "-" ? "<stdout>" : request.output);
    outcome.losses = collect_losses(outcome.diagnostics, out_format->info().id);
    if (written.failed || (request.strict && has_severity(outcome, Severity::warning)) ||
        (written.diagnostics.has_errors() && written.text.empty())) {
        outcome.exit_status = kExitInput;
        return outcome;
    }
    outcome.records_written = bib.records.size() - std::min(writer_skips, bib.records.size());

    if (request.output.empty() || request.output == "-") {
        outcome.output_text = std::move(written.text);
        outcome.output_written = true;
    } else {
        std::string error;
        if (!write_file_atomically(request.output, written.text, error)) {
            outcome.diagnostics.push_back({Severity::error, request.output, 0, 0, {}, error, "io"});
            outcome.exit_status = kExitInput;
            return outcome;
        }
        outcome.output_written = true;
    }
    if (has_severity(outcome, Severity::error)) outcome.exit_status = kExitInput;
    return outcome;
}

}  // namespace bibport::core
