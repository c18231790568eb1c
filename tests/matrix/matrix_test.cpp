// SPDX-License-Identifier: MIT
// The conversion matrix: every sample of every format A goes A -> B -> A for every format B,
// and comes back equal field by field, except what formats/losses.yaml declares B cannot hold.
#include "detect.hpp"
#include "plugin_loader.hpp"
#include "record_diff.hpp"

#include "common/run.hpp"

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <map>

namespace fs = std::filesystem;
using namespace bibport;
using bibport::testing::diff;
using bibport::testing::glob_match;

namespace {

struct Loss {
    std::string pattern;
    std::string why;
};

std::map<std::string, std::vector<Loss>> load_losses() {
    std::map<std::string, std::vector<Loss>> out;
    YAML::Node root = YAML::LoadFile(std::string(BIBPORT_SOURCE_DIR) + "/formats/losses.yaml");
    for (const auto& format : root) {
        auto& list = out[format.first.as<std::string>()];
        for (const auto& entry : format.second)
            list.push_back({entry["field"].as<std::string>(), entry["why"].as<std::string>()});
    }
    return out;
}

struct Matrix {
    core::Registry registry;
    std::map<std::string, std::vector<Loss>> losses = load_losses();
    Context ctx;
    Matrix() {
        core::LoadReport report;
        core::load_plugins(registry, {BIBPORT_PLUGIN_DIR}, report);
        ctx.data_dir = std::string(BIBPORT_SOURCE_DIR) + "/formats";
    }
    Bibliography read(const core::RegisteredFormat& f, std::string_view text, const std::string& name) const {
        Context c = ctx;
        c.source_name = name;
        return f.make_reader()->read(text, c).bibliography;
    }
    std::string write(const core::RegisteredFormat& f, const Bibliography& bib) const {
        return f.make_writer()->write(bib, ctx).text;
    }
    // A path is a declared loss when a pattern matches it and no "!pattern" (must survive) does.
    bool declared(const std::string& format, const std::string& path) const {
        auto it = losses.find(format);
        if (it == losses.end()) return false;
        bool lost = false;
        for (const auto& l : it->second) {
            if (l.pattern.rfind('!', 0) == 0) {
                if (glob_match(std::string_view(l.pattern).substr(1), path)) return false;
            } else {
                lost = lost || glob_match(l.pattern, path);
            }
        }
        return lost;
    }
};

const Matrix& matrix() {
    static Matrix m;
    return m;
}

// Sample inputs: everything under samples/ (but the out-of-tree plugin) and tests/matrix/data/.
std::vector<fs::path> sample_files() {
    std::vector<fs::path> out;
    for (const char* dir : {"/samples", "/tests/matrix/data"}) {
        fs::path root = std::string(BIBPORT_SOURCE_DIR) + dir;
        if (!fs::exists(root)) continue;
        for (const auto& e : fs::recursive_directory_iterator(root)) {
            if (!e.is_regular_file()) continue;
            std::string p = e.path().string();
            if (p.find("/samples/plugins/") != std::string::npos || e.path().extension() == ".txt") continue;
            out.push_back(e.path());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

bool in_tree(const core::RegisteredFormat& f) {
    return f.origin.rfind(BIBPORT_PLUGIN_DIR, 0) == 0 && f.info().can_read && f.info().can_write;
}

}  // namespace

TEST(Matrix, EveryInTreeFormatIsPresent) {
    for (const char* id : {"markdown", "bibtex", "biblatex", "csljson", "cslyaml", "zotero-rdf", "csv"}) {
        const auto* f = matrix().registry.find(id);
        ASSERT_NE(f, nullptr) << id;
        EXPECT_TRUE(f->info().can_read && f->info().can_write) << id;
    }
}

TEST(Matrix, ListFieldsAreNeverDeclaredLost) {
    for (const auto& [format, list] : matrix().losses)
        for (const auto& l : list)
            for (const char* path : {"alias", "highlight", "sections", "links", "arxiv"})
                EXPECT_FALSE(matrix().declared(format, path)) << format << " declares '" << l.pattern << "' lost";
}

TEST(Matrix, EverySampleSurvivesEveryFormat) {
    const Matrix& m = matrix();
    std::size_t pairs = 0;
    for (const auto& file : sample_files()) {
        std::string content = bibport::testing::slurp(file);
        const auto* a = core::detect_input_format(m.registry, file.string(), content);
        if (!a || !in_tree(*a)) continue;
        Bibliography original = m.read(*a, content, file.string());
        ASSERT_FALSE(original.records.empty()) << file;
        for (const auto& b : m.registry.formats()) {
            if (!in_tree(b)) continue;
            ++pairs;
            SCOPED_TRACE(file.filename().string() + ": " + a->info().id + " -> " + b.info().id + " -> " + a->info().id);
            Bibliography via_b = m.read(b, m.write(b, original), "via." + b.info().id);
            Bibliography back = m.read(*a, m.write(*a, via_b), "back." + a->info().id);
            ASSERT_EQ(back.records.size(), original.records.size());
            std::size_t reported = 0;
            for (std::size_t i = 0; i < original.records.size(); ++i) {
                for (const auto& d : diff(original.records[i], back.records[i])) {
                    if (m.declared(b.info().id, d.path) || m.declared(a->info().id, d.path)) continue;
                    if (++reported > 12) continue;   // enough to see the pattern
                    ADD_FAILURE() << "record " << i << " [" << original.records[i].label() << "] " << d.path
                                  << "\n    before: " << d.before << "\n    after:  " << d.after;
                }
            }
            if (reported > 12) ADD_FAILURE() << "... and " << reported - 12 << " more differences";
        }
    }
    EXPECT_GT(pairs, 0u);
}
