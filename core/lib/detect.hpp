// SPDX-License-Identifier: MIT
// Choosing formats: by id, by file extension, or by probing the content.
#pragma once

#include "registry.hpp"

#include <string>
#include <string_view>

namespace bibport::core {

/// The lower-case extension of a path without the dot ("refs.BIB" -> "bib"), or "".
std::string extension_of(std::string_view path);

/// The input format of a file: by extension (probing among formats sharing it), else by
/// asking every reader's probe(). nullptr when nothing claims it.
const RegisteredFormat* detect_input_format(const Registry& registry, std::string_view path,
                                            std::string_view content);

/// The output format for a path's extension (the first writable format listing it).
const RegisteredFormat* output_format_for_path(const Registry& registry, std::string_view path);

}  // namespace bibport::core
