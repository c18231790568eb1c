// SPDX-License-Identifier: MIT
#include "commands.hpp"

#include "atomic_file.hpp"
#include "plugin_loader.hpp"

#include <bibport/version.hpp>

#include <cstdio>
#include <iostream>

#include <unistd.h>

namespace bibport::cli {
namespace {

using core::kExitInput;
using core::kExitOk;
using core::kExitUsage;

struct Loaded {
    core::Registry registry;
    core::LoadReport report;
};

void load(Loaded& loaded, const Settings& s) {
    core::load_plugins(loaded.registry, core::plugin_search_path(s.plugin_dirs), loaded.report);
    if (!s.quiet)
        for (const auto& w : loaded.report.warnings) std::cerr << w << "\n";
    if (s.verbose)
        for (const auto& dir : loaded.report.searched) std::cerr << "bibport: searched " << dir.string() << "\n";
}

// Losses are not printed one by one: they are summed up by the loss report.
void print_diagnostics(const std::vector<Diagnostic>& diags, bool quiet) {
    for (const auto& d : diags) {
        if (d.code.rfind("loss.", 0) == 0) continue;
        if (!quiet || d.severity == Severity::error) std::cerr << d.format() << "\n";
    }
}

bool print_losses(const core::LossReport& losses, const Settings& s) {
    if (s.report.empty()) {
        if (!s.quiet) std::cerr << core::format_summary(losses);
        return true;
    }
    if (s.report == "-") {
        std::cerr << core::format_text(losses);
        return true;
    }
    std::string error;
    if (!core::write_file_atomically(s.report, core::format_json(losses), error)) {
        std::cerr << "bibport: error: " << error << "\n";
        return false;
    }
    return true;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
    return out;
}

int run_formats(const Settings& s) {
    Loaded loaded;
    load(loaded, s);
    if (!s.args.empty()) {
        const auto* f = loaded.registry.find(s.args.front());
        if (!f) {
            std::cerr << "bibport: error: unknown format '" << s.args.front()
                      << "'; known formats: " << loaded.registry.id_list(false, false) << "\n";
            return kExitUsage;
        }
        const auto& i = f->info();
        std::cout << i.id << " — " << i.display_name << "\n";
        if (!i.description.empty()) std::cout << "  " << i.description << "\n";
        std::cout << "  read: " << (i.can_read ? "yes" : "no") << ", write: " << (i.can_write ? "yes" : "no") << "\n";
        if (!i.aliases.empty()) std::cout << "  aliases: " << join(i.aliases, ", ") << "\n";
        std::cout << "  extensions: " << join(i.extensions, ", ") << "\n";
        if (!i.media_types.empty()) std::cout << "  media types: " << join(i.media_types, ", ") << "\n";
        std::cout << "  library: " << f->origin << " (plugin " << f->plugin_id << " " << f->plugin_version << ")\n";
        auto options = [](const char* title, const std::vector<OptionSpec>& specs) {
            if (specs.empty()) return;
            std::cout << "  " << title << ":\n";
            for (const auto& o : specs)
                std::cout << "    --option " << o.key << "=" << (o.default_value.empty() ? "..." : o.default_value)
                          << "\n        " << o.help << "\n";
        };
        options("read options", i.read_options);
        options("write options", i.write_options);
        return kExitOk;
    }
    std::printf("%-12s %-5s %-6s %-18s %s\n", "ID", "READ", "WRITE", "EXTENSIONS", "LIBRARY");
    for (const auto& f : loaded.registry.formats()) {
        const auto& i = f.info();
        std::printf("%-12s %-5s %-6s %-18s %s\n", i.id.c_str(), i.can_read ? "yes" : "no",
                    i.can_write ? "yes" : "no", join(i.extensions, ",").c_str(), f.origin.c_str());
    }
    if (loaded.registry.formats().empty())
        std::cerr << "bibport: warning: no format plugin found (set BIBPORT_PLUGIN_PATH or use --plugin-dir)\n";
    return kExitOk;
}

int run_convert(Settings s) {
    Loaded loaded;
    load(loaded, s);
    s.request.inputs = s.args;
    s.request.data_dir = core::data_dir().string();
    core::ConvertOutcome outcome = core::convert(loaded.registry, s.request);
    print_diagnostics(outcome.diagnostics, s.quiet);
    if (s.verbose && outcome.streamed) std::cerr << "bibport: records were streamed from reader to writer\n";
    if (!print_losses(outcome.losses, s)) outcome.exit_status = kExitInput;
    if (outcome.output_written && (s.request.output.empty() || s.request.output == "-")) {
        std::fwrite(outcome.output_text.data(), 1, outcome.output_text.size(), stdout);
        std::string error;
        if (std::fflush(stdout) != 0 ||
            (outcome.output_spool && !outcome.output_spool->copy_to(STDOUT_FILENO, error))) {
            std::cerr << "bibport: error: cannot write to standard output" << (error.empty() ? "" : ": " + error)
                      << "\n";
            return kExitInput;
        }
    }
    if (!outcome.output_written && !s.quiet)
        std::cerr << "bibport: nothing written (" << outcome.records_read << " records read, "
                  << outcome.records_skipped << " skipped)\n";
    return outcome.exit_status;
}

int run_check(Settings s) {
    if (s.args.empty()) throw core::UsageError("check needs at least one input file");
    Loaded loaded;
    load(loaded, s);
    s.request.inputs = s.args;
    s.request.data_dir = core::data_dir().string();
    core::check_options(s.request.options, core::input_formats_for(loaded.registry, s.request), nullptr);
    core::ConvertOutcome outcome;
    core::read_inputs(loaded.registry, s.request, outcome);
    print_diagnostics(outcome.diagnostics, s.quiet);
    std::size_t errors = 0, warnings = 0;
    for (const auto& d : outcome.diagnostics) {
        errors += d.severity == Severity::error;
        warnings += d.severity == Severity::warning;
    }
    if (!s.quiet)
        std::cerr << outcome.records_read << " records read, " << outcome.records_skipped << " skipped, "
                  << errors << " errors, " << warnings << " warnings\n";
    if (errors || (s.request.strict && warnings)) return kExitInput;
    return kExitOk;
}

}  // namespace

int run_version() {
    std::cout << "bibport " << kVersion << " (plugin ABI " << kAbiVersion << ", " << kAbiTag << ")\n";
    return kExitOk;
}

int run_command(const std::string& command, Settings settings) {
    try {
        if (command == "convert") return run_convert(std::move(settings));
        if (command == "formats") return run_formats(settings);
        if (command == "check") return run_check(std::move(settings));
        throw core::UsageError("unknown command '" + command + "'; commands: convert, formats, check");
    } catch (const core::UsageError& e) {
        std::cerr << "bibport: error: " << e.what() << "\n";
        return kExitUsage;
    } catch (const std::exception& e) {
        std::cerr << "bibport: error: " << e.what() << "\n";
        return kExitInput;
    }
}

}  // namespace bibport::cli
