// SPDX-License-Identifier: MIT
// What a writer could not represent, gathered from its "loss.*" diagnostics.
#pragma once

#include <bibport/diagnostics.hpp>

#include <string>
#include <vector>

namespace bibport::core {

struct LossEntry {
    std::string what;                  ///< the part after "loss.": "season", "link.code", ...
    std::string message;               ///< the first message reported for it
    std::vector<std::string> records;  ///< keys of the records concerned, in order
    std::size_t count = 0;             ///< how many times it was reported
};

struct LossReport {
    std::string format;                ///< the output format id
    std::vector<LossEntry> entries;    ///< in order of first appearance
    std::size_t total() const;
    bool empty() const { return entries.empty(); }
};

/// Gathers every diagnostic whose code starts with "loss.".
LossReport collect_losses(const std::vector<Diagnostic>& diags, const std::string& format);

/// Human-readable, several lines: "  12 records: <message> (a, b, c, ...)".
std::string format_text(const LossReport& report);
/// One line for when --report was not asked for; empty when nothing was lost.
std::string format_summary(const LossReport& report);
/// {"format": ..., "total": N, "losses": [{"what", "count", "message", "records"}]}
std::string format_json(const LossReport& report);

}  // namespace bibport::core
