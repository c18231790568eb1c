// SPDX-License-Identifier: MIT
// In-process access to the bibtex plugin for tests.
#pragma once

#include "../../plugins/bibtex/bibtex_plugin.hpp"

#include <bibport/format.hpp>

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace bibport::testing {

inline const Format& bib_format(std::string_view id) {
    static FormatList formats = plugins::bibtex::make_formats();
    for (const auto& f : formats)
        if (f->info().id == id) return *f;
    throw std::runtime_error("no format " + std::string(id));
}

inline Context bib_context(Options options = {}) {
    return Context{.source_name = "x.bib", .data_dir = BIBPORT_SOURCE_DIR "/formats", .options = std::move(options)};
}

inline ReadResult read_bib(std::string_view text, std::string_view id = "bibtex") {
    return bib_format(id).make_reader()->read(text, bib_context());
}

inline WriteResult write_bib(const Bibliography& bib, std::string_view id = "bibtex", Options options = {}) {
    return bib_format(id).make_writer()->write(bib, bib_context(std::move(options)));
}

/// The only record of a one-entry file (fails the test when there is not exactly one).
inline Record read_one(std::string_view text, std::string_view id = "bibtex") {
    ReadResult r = read_bib(text, id);
    EXPECT_EQ(r.bibliography.records.size(), 1u) << text;
    for (const auto& d : r.diagnostics.items()) ADD_FAILURE() << d.format();
    return r.bibliography.records.empty() ? Record{} : r.bibliography.records.front();
}

}  // namespace bibport::testing
