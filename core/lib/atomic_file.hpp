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

/// An output file written in pieces and put in place only by commit(): until then the data goes
/// to a temporary file beside `path`, which is removed if commit() is never reached (failure,
/// exception) — `path` then stays as it was.
class AtomicOutputFile {
public:
    AtomicOutputFile() = default;
    AtomicOutputFile(const AtomicOutputFile&) = delete;
    AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;
    ~AtomicOutputFile();

    bool open(const std::filesystem::path& path, std::string& error);
    /// Appends; false once any write has failed (commit() then reports the error).
    bool write(std::string_view data) noexcept;
    /// Flushes to disk and renames over `path`.
    bool commit(std::string& error);
    /// Removes the temporary file; `path` is untouched.
    void abandon() noexcept;

private:
    std::filesystem::path path_;
    std::string temp_;
    int fd_ = -1;
    int failed_errno_ = 0;
};

/// Writes `data` to a temporary file beside `path`, flushes it to disk and renames it over
/// `path`: readers of `path` see the old file or the new one, never a part. On failure the
/// temporary file is removed, `path` is untouched, and `error` says why.
bool write_file_atomically(const std::filesystem::path& path, std::string_view data, std::string& error);

}  // namespace bibport::core
