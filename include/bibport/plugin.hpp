// SPDX-License-Identifier: MIT
// How a shared library declares itself a bibport plugin.
//
//   bibport::FormatList make_formats();          // your factory
//   BIBPORT_PLUGIN("ris", "1.0.0", make_formats)  // in exactly one .cpp of the library
//
// The macro exports two symbols: a C manifest (plain data the loader reads and checks
// before it calls anything in the library) and the factory under a fixed alias.
#pragma once

#include <bibport/format.hpp>
#include <bibport/version.hpp>

#include <boost/dll/alias.hpp>

#include <cstdint>

namespace bibport {

/// Plain C data, readable whatever C++ ABI the plugin was built with.
struct PluginManifest {
    std::uint32_t abi_version;
    const char* abi_tag;
    const char* plugin_id;
    const char* plugin_version;
    const char* sdk_version;
};

/// The factory signature every plugin exports as "bibport_make_formats".
using MakeFormatsFn = FormatList();

}  // namespace bibport

#define BIBPORT_PLUGIN(ID, PLUGIN_VERSION, FACTORY)                                           \
    extern "C" BOOST_SYMBOL_EXPORT const ::bibport::PluginManifest bibport_manifest;           \
    extern "C" BOOST_SYMBOL_EXPORT const ::bibport::PluginManifest bibport_manifest = {         \
        BIBPORT_ABI_VERSION, BIBPORT_ABI_TAG, ID, PLUGIN_VERSION, BIBPORT_VERSION_STRING};     \
    namespace bibport_plugin_entry {                                                          \
    inline ::bibport::FormatList bibport_make_formats_impl() noexcept {                      \
        try { return FACTORY(); } catch (...) { return {}; }                                  \
    }            \
    }                                                                                         \
    BOOST_DLL_ALIAS(bibport_plugin_entry::bibport_make_formats_impl, bibport_make_formats)
