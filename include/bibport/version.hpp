// SPDX-License-Identifier: MIT
// bibport SDK version and ABI identity.
#pragma once

#include <cstdint>

/// SDK version (semantic versioning). Plugins are compatible within one major version.
#define BIBPORT_VERSION_MAJOR 1
#define BIBPORT_VERSION_MINOR 0
#define BIBPORT_VERSION_PATCH 0
#define BIBPORT_VERSION_STRING "1.0.0"

/// ABI version of the plugin interface. Bump it on ANY change to a struct or a virtual
/// function declared under include/bibport/ that plugins see (member added, reordered,
/// type changed, virtual added). The loader refuses a plugin whose number differs.
#define BIBPORT_ABI_VERSION 1

// The C++ types crossing the plugin boundary (std::string, std::vector) are only
// compatible between builds with the same compiler family and standard library, so the
// tag names both; the loader refuses a plugin whose tag differs from the host's.
#if defined(_LIBCPP_VERSION)
#define BIBPORT_ABI_STDLIB "libc++"
#elif defined(__GLIBCXX__)
#if defined(_GLIBCXX_USE_CXX11_ABI) && _GLIBCXX_USE_CXX11_ABI == 0
#define BIBPORT_ABI_STDLIB "libstdc++-old"
#else
#define BIBPORT_ABI_STDLIB "libstdc++"
#endif
#elif defined(_MSC_VER)
#define BIBPORT_ABI_STDLIB "msvc"
#else
#define BIBPORT_ABI_STDLIB "unknown"
#endif

#if defined(_MSC_VER)
#define BIBPORT_ABI_COMPILER "msvc"
#else
#define BIBPORT_ABI_COMPILER "itanium"   // gcc and clang share the Itanium C++ ABI
#endif

#define BIBPORT_ABI_TAG BIBPORT_ABI_COMPILER "/" BIBPORT_ABI_STDLIB

namespace bibport {
inline constexpr std::uint32_t kAbiVersion = BIBPORT_ABI_VERSION;
inline constexpr const char* kAbiTag = BIBPORT_ABI_TAG;
inline constexpr const char* kVersion = BIBPORT_VERSION_STRING;
}  // namespace bibport
