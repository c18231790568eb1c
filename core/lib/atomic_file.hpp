// SPDX-License-Identifier: MIT
// Whole-file input and atomic output.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace bibport::core {

/// Reads a whole file ("-" reads standard input). Returns false and sets `error` on failure,
/// including when the input is larger than `max_bytes`.
bool read_whole_file(const std::string& path, std::string& out, std::string& error,
                     std::size_t max_bytes = static_cast<std::size_t>(-1));

/// Writes `data` to a temporary file beside `path`, flushes it to disk and renames it over
/// `path`: readers of `path` see the old file or the new one, never a part. On failure the
/// temporary file is removed, `path` is untouched, and `error` says why.
bool write_file_atomically(const std::filesystem::path& path, std::string_view data, std::string& error);

}  // namespace bibport::core
