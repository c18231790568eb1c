// SPDX-License-Identifier: MIT
// libFuzzer target for one reader (chosen at build time): read -> write -> read must not
// crash, and the second read must give as many records as were written. The input goes
// through the program's own preparation first (core/lib/input_text), as it does in use.
#include FUZZ_PLUGIN_HEADER

#include "input_text.hpp"

#include <bibport/format.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Target {
    bibport::FormatList formats = FUZZ_FACTORY();
    const bibport::Format* format = nullptr;
    bibport::Context ctx;
    Target() {
        for (const auto& f : formats)
            if (f->info().id == FUZZ_FORMAT_ID) format = f.get();
        if (!format) { std::fprintf(stderr, "no format '%s'\n", FUZZ_FORMAT_ID); std::abort(); }
        ctx.source_name = "fuzz";
        ctx.data_dir = FUZZ_DATA_DIR;
    }
};

Target& target() {
    static Target t;
    return t;
}

std::vector<std::string> formatted(const bibport::Diagnostics& d) {
    std::vector<std::string> out;
    for (const auto& item : d.items()) out.push_back(item.format());
    return out;
}

/// A reader that parses large inputs in pieces on several threads (option piece-kb) must read
/// exactly what one thread reads: with 1 KiB pieces, fuzz-sized inputs are cut everywhere.
void check_pieces(const Target& t, bibport::Reader& reader, std::string_view input) {
    const auto& options = t.format->info().read_options;
    if (std::none_of(options.begin(), options.end(), [](const auto& o) { return o.key == "piece-kb"; })) return;
    bibport::Context one = t.ctx, pieces = t.ctx;
    one.options["threads"] = "1";
    pieces.options["piece-kb"] = "1";
    bibport::ReadResult a = reader.read(input, one);
    bibport::ReadResult b = reader.read(input, pieces);
    if (!(a.bibliography == b.bibliography) || formatted(a.diagnostics) != formatted(b.diagnostics)) {
        std::fprintf(stderr, "read in pieces differs from one thread (%zu vs %zu records)\n",
                     a.bibliography.records.size(), b.bibliography.records.size());
        std::abort();
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    Target& t = target();
    // What the program does before any reader sees an input: valid UTF-8, binary refused.
    std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<bibport::Diagnostic> host_diagnostics;
    if (!bibport::core::prepare_input_text(text, "fuzz", host_diagnostics)) return 0;
    std::string_view input = text;
    auto reader = t.format->make_reader();
    (void)reader->probe(input.substr(0, 8192));
    bibport::ReadResult first = reader->read(input, t.ctx);
    check_pieces(t, *reader, input);
    if (first.bibliography.records.empty() || !t.format->info().can_write) return 0;

    auto writer = t.format->make_writer();
    bibport::WriteResult written = writer->write(first.bibliography, t.ctx);
    if (written.failed) return 0;
    std::size_t written_count = first.bibliography.records.size() - written.diagnostics.skipped();
    bibport::ReadResult second = reader->read(written.text, t.ctx);
    if (second.bibliography.records.size() != written_count) {
        std::fprintf(stderr, "round trip changed the record count: %zu written, %zu read back\n",
                     written_count, second.bibliography.records.size());
        for (const auto& d : second.diagnostics.items()) std::fprintf(stderr, "  %s\n", d.format().c_str());
        std::abort();
    }
    return 0;
}
