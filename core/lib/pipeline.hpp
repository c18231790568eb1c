// SPDX-License-Identifier: MIT
// The conversion pipeline: inputs -> readers -> one Bibliography -> writer -> output file.
#pragma once

#include "atomic_file.hpp"
#include "loss_report.hpp"
#include "registry.hpp"

#include <bibport/format.hpp>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace bibport::core {

/// Exit statuses, as documented in `bibport --help`.
enum ExitStatus : int { kExitOk = 0, kExitInput = 1, kExitUsage = 2 };

/// A usage mistake: unknown format id, unknown option, missing -t... (exit status 2).
class UsageError : public std::runtime_error {
    using std::runtime_error::runtime_error;
};

struct ConvertRequest {
    std::vector<std::string> inputs;   ///< file names; "-" is standard input; empty = stdin
    std::string from;                  ///< input format id; empty = detect
    std::string to;                    ///< output format id; empty = from the output extension
    std::string output;                ///< file name; empty or "-" = standard output
    Options options;                   ///< --option key=value
    bool strict = false;               ///< any warning (or loss) fails the conversion
    bool dedupe = false;               ///< merge records that are the same paper
    /// Wait until the output file is on disk before it replaces the old one (--sync). Without
    /// it the replacement is still atomic for every reader; only a power loss in the seconds
    /// after could find the file empty.
    bool sync = false;
    /// Leave the records of a whole-bibliography conversion allocated when it returns. For a
    /// program that exits right after (the command line), freeing a large bibliography string
    /// by string only costs time: the memory goes back with the process.
    bool keep_records = false;
    /// Stream records from reader to writer when both can and nothing needs them all at once
    /// (same output; --no-stream turns it off).
    bool stream = true;
    std::string data_dir;              ///< formats/ folder
    /// Inputs larger than this are refused (--max-input-mb); readers get the whole input in memory.
    std::size_t max_input_bytes = std::size_t(2048) << 20;
};

struct ConvertOutcome {
    int exit_status = kExitOk;
    std::vector<Diagnostic> diagnostics;   ///< everything readers and writer reported, in order
    std::size_t records_read = 0;
    std::size_t records_written = 0;
    std::size_t records_skipped = 0;       ///< reported by readers with code "skip"
    bool output_written = false;
    bool streamed = false;                 ///< records went from reader to writer in batches
    std::string output_text;               ///< what was written when the output is stdout
    /// A streamed conversion to stdout: its text, held in a temporary file (copy_to() writes it
    /// out); output_text is then empty.
    std::shared_ptr<AtomicOutputFile> output_spool;
    LossReport losses;                     ///< what the writer could not represent
};

/// Reads every input and merges them in order. Throws UsageError for usage mistakes.
/// Used by `convert` and `check`.
Bibliography read_inputs(const Registry& registry, const ConvertRequest& request, ConvertOutcome& outcome);

/// The whole conversion. Writes the output file atomically, or leaves it untouched on failure.
/// Throws UsageError for usage mistakes (before anything is read).
ConvertOutcome convert(const Registry& registry, const ConvertRequest& request);

/// Checks `options` against what the input and output formats declare; throws UsageError
/// naming the unknown key and the accepted ones.
void check_options(const Options& options, const RegisteredFormat* in, const RegisteredFormat* out);

/// The same with every format an input may be read as (see input_formats_for).
void check_options(const Options& options, const std::vector<const RegisteredFormat*>& ins, const RegisteredFormat* out);

/// The formats the inputs of `request` may be read as, before any is opened: the -f format,
/// else the readable formats of each input's extension, else (standard input, an unknown
/// extension: the content decides) every readable format.
std::vector<const RegisteredFormat*> input_formats_for(const Registry& registry, const ConvertRequest& request);

}  // namespace bibport::core
