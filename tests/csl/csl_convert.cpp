// SPDX-License-Identifier: MIT
// csl_convert FROM TO INPUT OUTPUT [key=value...]: converts between csljson and cslyaml with
// the plugin linked in; diagnostics go to stderr. Exit 1 when the reader reported an error.
#include "csl_formats.hpp"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

int main(int argc, char** argv) {
    if (argc < 5) {
        std::cerr << "usage: csl_convert FROM TO INPUT OUTPUT [key=value...]\n";
        return 2;
    }
    auto formats = bibport::plugins::csl::make_formats();
    auto find = [&](std::string_view id) -> const bibport::Format* {
        for (const auto& f : formats)
            if (f->info().id == id) return f.get();
        return nullptr;
    };
    const auto* from = find(argv[1]);
    const auto* to = find(argv[2]);
    if (!from || !to) {
        std::cerr << "csl_convert: unknown format\n";
        return 2;
    }
    std::ifstream in(argv[3], std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    bibport::Context ctx{.source_name = argv[3]};
    for (int i = 5; i < argc; ++i) {
        std::string kv = argv[i];
        auto eq = kv.find('=');
        if (eq != std::string::npos) ctx.options[kv.substr(0, eq)] = kv.substr(eq + 1);
    }
    auto read = from->make_reader()->read(text.str(), ctx);
    for (const auto& d : read.diagnostics.items()) std::cerr << d.format() << '\n';
    auto written = to->make_writer()->write(read.bibliography, ctx);
    for (const auto& d : written.diagnostics.items()) std::cerr << d.format() << '\n';
    std::ofstream out(argv[4], std::ios::binary);
    out << written.text;
    return read.diagnostics.has_errors() || written.failed ? 1 : 0;
}
