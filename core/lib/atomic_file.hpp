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

/// The text of one input. A large regular file is mapped read-only instead of copied (the page
/// cache is the buffer: for a file of tens of megabytes that saves the copy and the zeroing of
/// fresh memory); anything else is read into a string. Edits (a byte-order mark dropped, bad
/// bytes replaced) replace the text with an owned string. Like every program that maps its
/// input, a mapped file truncated by another process while it is read ends the process.
class InputBuffer {
public:
    InputBuffer() = default;
    InputBuffer(const InputBuffer&) = delete;
    InputBuffer& operator=(const InputBuffer&) = delete;
    ~InputBuffer() { clear(); }

    std::string_view text() const noexcept { return view_; }
    /// The text becomes `s`; a map is released.
    void assign(std::string s);
    /// Drops the first `n` bytes without copying.
    void remove_prefix(std::size_t n) noexcept { view_.remove_prefix(n); }
    /// Releases the text.
    void clear() noexcept;

    /// Reads `path` as read_whole_file does (same errors), mapping it when it is large.
    bool load(const std::string& path, std::string& error, std::size_t max_bytes = static_cast<std::size_t>(-1));

private:
    std::string owned_;
    void* map_ = nullptr;
    std::size_t map_size_ = 0;
    std::string_view view_;
};

/// An output file written in pieces and put in place only by commit(): until then the data goes
/// to a temporary file beside `path`, which is removed if commit() is never reached (failure,
/// exception) — `path` then stays as it was.
///
/// Opened with open_spool() instead, it holds output for standard output: the data goes to an
/// unnamed temporary file, and after commit() copy_to() writes it out. Standard output so gets
/// all of a streamed conversion's output or none of it, as a file does, without the text ever
/// being held in memory.
class AtomicOutputFile {
public:
    AtomicOutputFile() = default;
    AtomicOutputFile(const AtomicOutputFile&) = delete;
    AtomicOutputFile& operator=(const AtomicOutputFile&) = delete;
    ~AtomicOutputFile();

    bool open(const std::filesystem::path& path, std::string& error);
    /// Opens an unnamed file in the temporary directory ($TMPDIR, else /tmp); it disappears
    /// when closed, whatever happens.
    bool open_spool(std::string& error);
    /// Appends; false once any write has failed (commit() then reports the error).
    bool write(std::string_view data) noexcept;
    /// Renames over `path`; with `sync_to_disk`, after waiting until the data is on disk (so
    /// that a power loss right after cannot leave an empty file where the old one was).
    /// A spool is only checked: it stays open for copy_to().
    bool commit(std::string& error, bool sync_to_disk = false);
    /// After commit() of a spool: writes everything it holds to `fd`.
    bool copy_to(int fd, std::string& error);
    /// Removes the temporary file; `path` is untouched.
    void abandon() noexcept;

private:
    std::filesystem::path path_;
    std::string temp_;
    int fd_ = -1;
    int failed_errno_ = 0;
    bool spool_ = false;
};

/// Writes `data` to a temporary file beside `path` and renames it over `path` (see commit()):
/// readers of `path` see the old file or the new one, never a part. On failure the
/// temporary file is removed, `path` is untouched, and `error` says why.
bool write_file_atomically(const std::filesystem::path& path, std::string_view data, std::string& error,
                           bool sync_to_disk = false);

}  // namespace bibport::core
