// SPDX-License-Identifier: MIT
// The Boost.DLL loader against real built plugins and deliberately broken ones.
#include "plugin_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>

using namespace bibport;
using namespace bibport::core;

namespace {

bool any_warning(const LoadReport& r, std::string_view file_part, std::string_view text) {
    return std::any_of(r.warnings.begin(), r.warnings.end(), [&](const std::string& w) {
        return w.find(file_part) != std::string::npos && w.find(text) != std::string::npos;
    });
}

}  // namespace

TEST(Loader, LoadsTheFixturePluginAndSkipsBrokenOnes) {
    Registry reg;
    LoadReport report;
    load_plugins(reg, {BIBPORT_FIXTURE_DIR, BIBPORT_FIXTURE_BROKEN_DIR}, report);
    ASSERT_NE(reg.find("lines"), nullptr);
    ASSERT_NE(reg.find("sinklines"), nullptr);
    EXPECT_EQ(reg.formats().size(), 2u);
    EXPECT_NE(reg.find("lines")->origin.find("bibport_lines.so"), std::string::npos);
    EXPECT_EQ(reg.find("lines")->plugin_version, "0.1");
    EXPECT_EQ(report.warnings.size(), 3u);
}

TEST(Loader, RefusesAPluginBuiltForAnotherAbiNamingBothVersions) {
    Registry reg;
    LoadReport report;
    // Loading it must not call its factory, which aborts.
    EXPECT_FALSE(load_plugin(reg, std::string(BIBPORT_FIXTURE_BROKEN_DIR) + "/bibport_wrongabi.so", report));
    ASSERT_EQ(report.warnings.size(), 1u);
    EXPECT_TRUE(any_warning(report, "bibport_wrongabi.so", "plugin ABI 42"));
    EXPECT_TRUE(any_warning(report, "bibport_wrongabi.so", "this bibport uses ABI 1"));
    EXPECT_TRUE(reg.formats().empty());
}

TEST(Loader, SkipsALibraryThatIsNotAPlugin) {
    Registry reg;
    LoadReport report;
    EXPECT_FALSE(load_plugin(reg, std::string(BIBPORT_FIXTURE_BROKEN_DIR) + "/bibport_notaplugin.so", report));
    EXPECT_TRUE(any_warning(report, "bibport_notaplugin.so", "not a bibport plugin"));
}

TEST(Loader, AFactoryThatThrowsDoesNotTakeTheProcessDown) {
    Registry reg;
    LoadReport report;
    EXPECT_FALSE(load_plugin(reg, std::string(BIBPORT_FIXTURE_BROKEN_DIR) + "/bibport_throwing.so", report));
    EXPECT_TRUE(any_warning(report, "bibport_throwing.so", "declares no format"));
}

TEST(Loader, AFileThatIsNotALibraryIsSkippedWithTheReason) {
    Registry reg;
    LoadReport report;
    EXPECT_FALSE(load_plugin(reg, std::string(BIBPORT_SOURCE_DIR) + "/CMakeLists.txt", report));
    EXPECT_TRUE(any_warning(report, "CMakeLists.txt", "cannot load library"));
}

TEST(Loader, DuplicateIdFirstInSearchOrderWinsAndTheOtherIsNamed) {
    Registry reg;
    LoadReport report;
    load_plugins(reg, {BIBPORT_FIXTURE_DIR, BIBPORT_FIXTURE_DUP_DIR}, report);
    ASSERT_NE(reg.find("lines"), nullptr);
    EXPECT_NE(reg.find("lines")->origin.find("fixture-plugins/bibport_lines.so"), std::string::npos);
    EXPECT_TRUE(any_warning(report, "bibport_duplicate.so", "format 'lines' ignored: already provided by"));
    EXPECT_TRUE(any_warning(report, "bibport_duplicate.so", "fixture-plugins/bibport_lines.so"));

    Registry reversed;
    LoadReport report2;
    load_plugins(reversed, {BIBPORT_FIXTURE_DUP_DIR, BIBPORT_FIXTURE_DIR}, report2);
    EXPECT_NE(reversed.find("lines")->origin.find("bibport_duplicate.so"), std::string::npos);
}

TEST(Loader, AReaderThatThrowsBecomesAnErrorDiagnostic) {
    Registry reg;
    LoadReport report;
    load_plugins(reg, {BIBPORT_FIXTURE_DIR}, report);
    auto reader = reg.find("lines")->make_reader();
    ASSERT_TRUE(reader);
    ReadResult r = reader->read("first\n%throw\n", Context{});
    ASSERT_TRUE(r.diagnostics.has_errors());
    EXPECT_EQ(r.diagnostics.items().back().message, "reader failed: fixture reader exploded");
    EXPECT_EQ(r.bibliography.records.size(), 1u);
}

TEST(Loader, AWriterThatThrowsReportsFailure) {
    Registry reg;
    LoadReport report;
    load_plugins(reg, {BIBPORT_FIXTURE_DIR}, report);
    auto writer = reg.find("lines")->make_writer();
    Bibliography bib;
    bib.records.emplace_back().set("title", "%throw-write");
    WriteResult w = writer->write(bib, Context{});
    EXPECT_TRUE(w.failed);
    EXPECT_EQ(w.diagnostics.items().at(0).message, "writer failed: fixture writer exploded");
}

TEST(Loader, ObjectsKeepTheirLibraryLoadedAfterTheRegistryIsGone) {
    std::shared_ptr<Reader> reader;
    {
        Registry reg;
        LoadReport report;
        load_plugins(reg, {BIBPORT_FIXTURE_DIR}, report);
        reader = reg.find("lines")->make_reader();
    }
    // The registry (and its handle on the library) is gone; the reader's code must still be there.
    ReadResult r = reader->read("a\nb\n", Context{});
    EXPECT_EQ(r.bibliography.records.size(), 2u);
    EXPECT_EQ(reader->probe("LINES\n"), 90);
}

TEST(Loader, SearchPathPutsCommandLineFirstThenEnvironmentAndNeverTheCurrentFolder) {
    ::setenv("BIBPORT_PLUGIN_PATH", "/tmp/bibport-env-a:/tmp/bibport-env-b", 1);
    auto path = plugin_search_path({"/tmp/bibport-cli"});
    ::unsetenv("BIBPORT_PLUGIN_PATH");
    ASSERT_GE(path.size(), 4u);
    EXPECT_EQ(path[0], "/tmp/bibport-cli");
    EXPECT_EQ(path[1], "/tmp/bibport-env-a");
    EXPECT_EQ(path[2], "/tmp/bibport-env-b");
    for (const auto& p : path) {
        EXPECT_NE(p, std::filesystem::current_path());
        EXPECT_NE(p, ".");
    }
    // Tests run from the build tree, so the build tree's plugin folder comes last.
    EXPECT_EQ(path.back(), std::filesystem::weakly_canonical(BIBPORT_PLUGIN_DIR));
}
