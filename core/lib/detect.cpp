// SPDX-License-Identifier: MIT
#include "detect.hpp"

#include <bibport/text.hpp>

namespace bibport::core {
namespace {

constexpr std::size_t kProbeBytes = 8192;

// The best-scoring readable format among `candidates`; ties go to the first registered.
const RegisteredFormat* best_probe(const std::vector<const RegisteredFormat*>& candidates,
                                   std::string_view content) {
    std::string_view head = content.substr(0, kProbeBytes);
    const RegisteredFormat* best = nullptr;
    int best_score = 0;
    for (const auto* f : candidates) {
        if (!f->info().can_read) continue;
        auto reader = f->make_reader();
        int score = reader ? reader->probe(head) : 0;
        if (score > best_score) { best = f; best_score = score; }
    }
    return best;
}

}  // namespace

std::string extension_of(std::string_view path) {
    auto slash = path.find_last_of("/\\");
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    auto dot = name.find_last_of('.');
    if (dot == std::string_view::npos || dot == 0) return {};
    return text::ascii_lower(name.substr(dot + 1));
}

const RegisteredFormat* detect_input_format(const Registry& registry, std::string_view path,
                                            std::string_view content) {
    std::string ext = extension_of(path);
    if (!ext.empty()) {
        std::vector<const RegisteredFormat*> readable;
        for (const auto* f : registry.by_extension(ext))
            if (f->info().can_read) readable.push_back(f);
        if (readable.size() == 1) return readable.front();
        if (readable.size() > 1) {
            if (const auto* f = best_probe(readable, content)) return f;
            return readable.front();
        }
    }
    std::vector<const RegisteredFormat*> all;
    for (const auto& f : registry.formats()) all.push_back(&f);
    return best_probe(all, content);
}

const RegisteredFormat* output_format_for_path(const Registry& registry, std::string_view path) {
    std::string ext = extension_of(path);
    if (ext.empty()) return nullptr;
    for (const auto* f : registry.by_extension(ext))
        if (f->info().can_write) return f;
    return nullptr;
}

}  // namespace bibport::core
