// SPDX-License-Identifier: MIT
// Shared by the RIS tests: the format, a Context pointing at the plugin's own data, files.
#pragma once

#include "ris_format.hpp"

#include <bibport/format.hpp>

#include <fstream>
#include <sstream>
#include <string>

namespace ris_test {

inline bibport::Context context(bibport::Options options = {}) {
    return bibport::Context{.source_name = "test.ris", .data_dir = RIS_FORMATS_DIR, .options = std::move(options)};
}

inline std::string data(const std::string& name) {
    std::ifstream in(std::string(RIS_TEST_DATA) + "/" + name, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline bibport::ReadResult read(std::string_view text) {
    bibport::plugins::ris::RisReader reader;
    return reader.read(text, context());
}

inline bibport::WriteResult write(const bibport::Bibliography& bib, bibport::Options options = {{"line-ending", "lf"}}) {
    bibport::plugins::ris::RisWriter writer;
    return writer.write(bib, context(std::move(options)));
}

/// All diagnostics, one per line, for failure messages.
inline std::string dump(const bibport::Diagnostics& d) {
    std::string out;
    for (const auto& item : d.items()) out += item.format() + "\n";
    return out;
}

}  // namespace ris_test
