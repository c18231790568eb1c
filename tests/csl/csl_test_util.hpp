// SPDX-License-Identifier: MIT
// Helpers for the CSL tests: the plugin's formats used in process.
#pragma once

#include "csl_formats.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

namespace csltest {

inline const bibport::Format& format(std::string_view id) {
    static const bibport::FormatList formats = bibport::plugins::csl::make_formats();
    for (const auto& f : formats)
        if (f->info().id == id) return *f;
    throw std::runtime_error("no format " + std::string(id));
}

inline bibport::Context context(std::string name, bibport::Options options = {}) {
    return bibport::Context{.source_name = std::move(name), .data_dir = BIBPORT_SOURCE_DIR "/formats",
                            .options = std::move(options)};
}

inline bibport::ReadResult read(std::string_view id, std::string_view text, std::string name = "input") {
    return format(id).make_reader()->read(text, context(std::move(name)));
}

inline bibport::WriteResult write(std::string_view id, const bibport::Bibliography& bib,
                                  bibport::Options options = {}) {
    return format(id).make_writer()->write(bib, context("output", std::move(options)));
}

inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot open " + path);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline std::string dump(const bibport::Diagnostics& d) {
    std::string out;
    for (const auto& item : d.items()) out += item.format() + " (" + item.code + ")\n";
    return out;
}

}  // namespace csltest
