// SPDX-License-Identifier: MIT
#include <bibport/crosswalk.hpp>
#include <bibport/text.hpp>

#include <yaml-cpp/yaml.h>

#include <stdexcept>

namespace fs = std::filesystem;

namespace bibport {
namespace {

std::vector<std::pair<std::string, std::string>> read_pairs(const YAML::Node& node) {
    std::vector<std::pair<std::string, std::string>> out;
    if (!node) return out;
    if (!node.IsMap()) throw std::runtime_error("expected a mapping");
    for (const auto& kv : node) out.emplace_back(kv.first.as<std::string>(), kv.second.as<std::string>());
    return out;
}

}  // namespace

Crosswalk Crosswalk::load(const fs::path& file) {
    Crosswalk cw;
    try {
        YAML::Node root = YAML::LoadFile(file.string());
        cw.read_ = read_pairs(root["read"]);
        cw.write_ = read_pairs(root["write"]);
        if (root["default_read"]) cw.default_read_ = root["default_read"].as<std::string>();
        if (root["default_write"]) cw.default_write_ = root["default_write"].as<std::string>();
    } catch (const YAML::Exception& e) {
        throw std::runtime_error(file.string() + ":" + std::to_string(e.mark.line + 1) + ":" +
                                 std::to_string(e.mark.column + 1) + ": error: " + e.msg);
    } catch (const std::runtime_error& e) {
        throw std::runtime_error(file.string() + ": error: " + e.what());
    }
    return cw;
}

std::optional<std::string> Crosswalk::read(std::string_view name) const {
    for (const auto& [k, v] : read_)
        if (text::equals_icase(k, name)) return v;
    return default_read_;
}

std::optional<std::string> Crosswalk::write(std::string_view name) const {
    for (const auto& [k, v] : write_)
        if (k == name) return v;
    return default_write_;
}

fs::path data_file(const Context& ctx, std::string_view relative) {
    fs::path p(relative);
    if (!p.is_absolute()) p = fs::path(ctx.data_dir) / p;
    std::error_code ec;
    if (!fs::exists(p, ec))
        throw std::runtime_error("data file not found: " + p.string() +
                                 (ctx.data_dir.empty() ? " (no formats/ folder found; set BIBPORT_DATA_DIR)" : ""));
    return p;
}

}  // namespace bibport
