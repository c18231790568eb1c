// SPDX-License-Identifier: MIT
// The format registry: every format the loader found, by id, alias and extension.
#pragma once

#include <bibport/format.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace bibport::core {

/// A format and where it came from. The shared_ptr's deleter keeps the plugin library
/// loaded for as long as the format (or anything it made) is alive.
struct RegisteredFormat {
    std::shared_ptr<const Format> format;
    std::string origin;          ///< the library file, or "built-in"
    std::string plugin_id;
    std::string plugin_version;
    /// Keeps the library loaded; readers and writers made by the format capture it too.
    std::shared_ptr<void> library;

    const FormatInfo& info() const { return format->info(); }
    std::shared_ptr<Reader> make_reader() const;
    std::shared_ptr<Writer> make_writer() const;
};

class Registry {
public:
    /// Adds a format. Returns false (and adds nothing) when its id or an alias is taken:
    /// the first one registered wins.
    bool add(RegisteredFormat f, std::string* taken_by = nullptr);

    /// By id or alias (case-insensitive); nullptr when unknown.
    const RegisteredFormat* find(std::string_view id) const;
    /// Formats that list this extension (without the dot, case-insensitive), in registry order.
    std::vector<const RegisteredFormat*> by_extension(std::string_view ext) const;

    const std::vector<RegisteredFormat>& formats() const noexcept { return formats_; }
    /// "bibtex, biblatex, csljson, ..." for messages.
    std::string id_list(bool readable, bool writable) const;

private:
    std::vector<RegisteredFormat> formats_;
};

}  // namespace bibport::core
