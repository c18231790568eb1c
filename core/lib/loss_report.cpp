// SPDX-License-Identifier: MIT
#include "loss_report.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace bibport::core {

std::size_t LossReport::total() const {
    std::size_t n = 0;
    for (const auto& e : entries) n += e.count;
    return n;
}

LossReport collect_losses(const std::vector<Diagnostic>& diags, const std::string& format) {
    LossReport report;
    report.format = format;
    // Large files can lose a field in every record: index by kind and key, not by search.
    std::unordered_map<std::string, std::size_t> index;
    std::vector<std::unordered_set<std::string>> seen;
    for (const auto& d : diags) {
        if (d.code.rfind("loss.", 0) != 0) continue;
        std::string what = d.code.substr(5);
        auto [it, fresh] = index.emplace(what, report.entries.size());
        if (fresh) {
            report.entries.push_back({what, d.message, {}, 0});
            seen.emplace_back();
        }
        LossEntry& entry = report.entries[it->second];
        ++entry.count;
        if (!d.record_key.empty() && seen[it->second].insert(d.record_key).second) entry.records.push_back(d.record_key);
    }
    return report;
}

std::string format_text(const LossReport& report) {
    if (report.empty()) return "bibport: nothing was lost writing " + report.format + "\n";
    std::string out = "bibport: what " + report.format + " could not represent:\n";
    for (const auto& e : report.entries) {
        out += "  " + std::to_string(e.count) + (e.count == 1 ? " record: " : " records: ") + e.what + ": " + e.message;
        if (!e.records.empty()) {
            out += " (";
            for (std::size_t i = 0; i < e.records.size() && i < 10; ++i) out += (i ? ", " : "") + e.records[i];
            if (e.records.size() > 10) out += ", ... " + std::to_string(e.records.size() - 10) + " more";
            out += ")";
        }
        out += "\n";
    }
    return out;
}

std::string format_summary(const LossReport& report) {
    if (report.empty()) return {};
    std::string kinds;
    for (std::size_t i = 0; i < report.entries.size() && i < 4; ++i) kinds += (i ? ", " : "") + report.entries[i].what;
    if (report.entries.size() > 4) kinds += ", ...";
    return "bibport: warning: " + std::to_string(report.total()) + " field(s) could not be represented in " +
           report.format + " (" + kinds + "); --report lists them\n";
}

std::string format_json(const LossReport& report) {
    boost::json::array losses;
    for (const auto& e : report.entries) {
        boost::json::array recs;
        for (const auto& r : e.records) recs.emplace_back(r);
        losses.push_back(boost::json::object{{"what", e.what},
                                             {"count", e.count},
                                             {"message", e.message},
                                             {"records", std::move(recs)}});
    }
    boost::json::object root{{"format", report.format}, {"total", report.total()}, {"losses", std::move(losses)}};
    return boost::json::serialize(root) + "\n";
}

}  // namespace bibport::core
