// SPDX-License-Identifier: MIT
#include "registry.hpp"

#include <bibport/text.hpp>

namespace bibport::core {

std::shared_ptr<Reader> RegisteredFormat::make_reader() const {
    std::unique_ptr<Reader> r = format->make_reader();
    if (!r) return nullptr;
    auto lib = library;
    auto fmt = format;
    // The reader's code lives in the plugin: destroy it before the library can go.
    return std::shared_ptr<Reader>(r.release(), [lib, fmt](Reader* p) { delete p; });
}

std::shared_ptr<Writer> RegisteredFormat::make_writer() const {
    std::unique_ptr<Writer> w = format->make_writer();
    if (!w) return nullptr;
    auto lib = library;
    auto fmt = format;
    return std::shared_ptr<Writer>(w.release(), [lib, fmt](Writer* p) { delete p; });
}

bool Registry::add(RegisteredFormat f, std::string* taken_by) {
    std::vector<std::string> names{f.info().id};
    names.insert(names.end(), f.info().aliases.begin(), f.info().aliases.end());
    for (const auto& n : names) {
        if (const RegisteredFormat* other = find(n)) {
            if (taken_by) *taken_by = other->origin;
            return false;
        }
    }
    formats_.push_back(std::move(f));
    return true;
}

const RegisteredFormat* Registry::find(std::string_view id) const {
    for (const auto& f : formats_) {
        if (text::equals_icase(f.info().id, id)) return &f;
        for (const auto& a : f.info().aliases)
            if (text::equals_icase(a, id)) return &f;
    }
    return nullptr;
}

std::vector<const RegisteredFormat*> Registry::by_extension(std::string_view ext) const {
    std::vector<const RegisteredFormat*> out;
    for (const auto& f : formats_)
        for (const auto& e : f.info().extensions)
            if (text::equals_icase(e, ext)) { out.push_back(&f); break; }
    return out;
}

std::string Registry::id_list(bool readable, bool writable) const {
    std::string out;
    for (const auto& f : formats_) {
        if ((readable && !f.info().can_read) || (writable && !f.info().can_write)) continue;
        if (!out.empty()) out += ", ";
        out += f.info().id;
    }
    return out;
}

}  // namespace bibport::core
