// SPDX-License-Identifier: MIT
#include "atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace bibport::core {
namespace {

bool read_fd(int fd, std::string& out, std::size_t max_bytes, bool& too_large) {
    char buf[1 << 16];
    for (;;) {
        ssize_t n = ::read(fd, buf, sizeof buf);
        if (n == 0) return true;
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        if (out.size() + static_cast<std::size_t>(n) > max_bytes) { too_large = true; return false; }
        out.append(buf, static_cast<std::size_t>(n));
    }
}

// Reads up to `size` bytes into `out` (resized to what was read). False on a read error.
bool read_known_size(int fd, std::string& out, std::size_t size) {
    out.resize(size);
    std::size_t got = 0;
    while (got < size) {
        ssize_t n = ::read(fd, out.data() + got, size - got);
        if (n == 0) break;   // the file shrank
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        got += static_cast<std::size_t>(n);
    }
    out.resize(got);
    return true;
}

std::string size_limit_message(std::size_t max_bytes) {
    return "input is larger than the limit of " + std::to_string(max_bytes >> 20) +
           " MiB (raise it with --max-input-mb)";
}

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

}  // namespace

bool read_whole_file(const std::string& path, std::string& out, std::string& error, std::size_t max_bytes) {
    out.clear();
    bool too_large = false;
    if (path == "-") {
        if (!read_fd(0, out, max_bytes, too_large)) {
            error = too_large ? size_limit_message(max_bytes) : std::strerror(errno);
            return false;
        }
        return true;
    }
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) { error = std::strerror(errno); return false; }
    struct stat st {};
    if (::fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) { ::close(fd); error = "is a directory"; return false; }
        if (S_ISREG(st.st_mode)) {
            if (static_cast<std::size_t>(st.st_size) > max_bytes) {
                ::close(fd);
                error = size_limit_message(max_bytes);
                return false;
            }
            // Straight into the string: one read of the whole file, no bounce buffer.
            if (!read_known_size(fd, out, static_cast<std::size_t>(st.st_size))) {
                int saved = errno;
                ::close(fd);
                error = std::strerror(saved);
                return false;
            }
        }
    }
    // Whatever is left (a file that grew, a pipe, a device) comes in chunks.
    bool ok = read_fd(fd, out, max_bytes, too_large);
    int saved = errno;
    ::close(fd);
    if (!ok) { error = too_large ? size_limit_message(max_bytes) : std::strerror(saved); return false; }
    return true;
}

void InputBuffer::assign(std::string s) {
    clear();
    owned_ = std::move(s);
    view_ = owned_;
}

void InputBuffer::clear() noexcept {
    if (map_) ::munmap(map_, map_size_);
    map_ = nullptr;
    map_size_ = 0;
    owned_ = std::string();
    view_ = {};
}

bool InputBuffer::load(const std::string& path, std::string& error, std::size_t max_bytes) {
    // Below this size a read costs no more than setting up a map.
    constexpr std::size_t kMapFrom = std::size_t(1) << 18;
    clear();
    if (path != "-") {
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd >= 0) {
            struct stat st {};
            // Only when the file ends inside a page: the rest of that page reads as zeros, so
            // the text is followed by a NUL as a string's is (a reader may look one past the end).
            static const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
            const bool large = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
                               static_cast<std::size_t>(st.st_size) >= kMapFrom &&
                               static_cast<std::size_t>(st.st_size) <= max_bytes &&
                               static_cast<std::size_t>(st.st_size) % page != 0;
            if (large) {
                const auto size = static_cast<std::size_t>(st.st_size);
                void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
                if (p != MAP_FAILED) {
                    map_ = p;
                    map_size_ = size;
                    view_ = std::string_view(static_cast<const char*>(p), size);
                    ::close(fd);
                    return true;
                }
            }
            ::close(fd);
        }
    }
    // Small files, standard input, devices, a map that failed and every error: read_whole_file
    // reads them and says what went wrong.
    if (!read_whole_file(path, owned_, error, max_bytes)) return false;
    view_ = owned_;
    return true;
}

AtomicOutputFile::~AtomicOutputFile() { abandon(); }

bool AtomicOutputFile::open(const fs::path& path, std::string& error) {
    abandon();
    path_ = path;
    fs::path dir = path.parent_path();
    if (dir.empty()) dir = ".";
    std::string name = ".";
    name += path.filename().string();
    name += ".bibport-XXXXXX";
    temp_ = (dir / name).string();
    fd_ = ::mkstemp(temp_.data());
    if (fd_ < 0) {
        error = "cannot create a file in " + dir.string() + ": " + std::strerror(errno);
        temp_.clear();
        return false;
    }
    // Keep the permissions of the file we replace; new files get the usual 0666 & ~umask.
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0) {
        ::fchmod(fd_, st.st_mode & 07777);
    } else {
        mode_t mask = ::umask(0);
        ::umask(mask);
        ::fchmod(fd_, 0666 & ~mask);
    }
    failed_errno_ = 0;
    return true;
}

bool AtomicOutputFile::open_spool(std::string& error) {
    abandon();
    std::error_code ec;
    fs::path dir = fs::temp_directory_path(ec);
    if (ec) dir = "/tmp";
#ifdef O_TMPFILE
    fd_ = ::open(dir.c_str(), O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
#endif
    if (fd_ < 0) {
        // No O_TMPFILE here (or not on this file system): a named file, unlinked at once.
        std::string name = (dir / "bibport-stdout-XXXXXX").string();
        fd_ = ::mkstemp(name.data());
        if (fd_ >= 0) ::unlink(name.c_str());
    }
    if (fd_ < 0) {
        error = "cannot create a temporary file in " + dir.string() + ": " + std::strerror(errno);
        return false;
    }
    path_.clear();
    failed_errno_ = 0;
    spool_ = true;
    return true;
}

bool AtomicOutputFile::write(std::string_view data) noexcept {
    if (fd_ < 0 || failed_errno_) return false;
    if (!write_all(fd_, data)) { failed_errno_ = errno ? errno : EIO; return false; }
    return true;
}

bool AtomicOutputFile::commit(std::string& error, bool sync_to_disk) {
    if (fd_ < 0) { error = "no output file is open"; return false; }
    if (spool_) {
        if (failed_errno_ == 0) return true;
        error = std::string("cannot write the temporary file for standard output: ") + std::strerror(failed_errno_) +
                " (--no-stream converts in memory instead)";
        abandon();
        return false;
    }
    bool ok = failed_errno_ == 0 && (!sync_to_disk || ::fsync(fd_) == 0);
    int saved = failed_errno_ ? failed_errno_ : errno;
    ok = (::close(fd_) == 0) && ok;
    fd_ = -1;
    if (ok && ::rename(temp_.c_str(), path_.c_str()) != 0) { ok = false; saved = errno; }
    if (!ok) {
        ::unlink(temp_.c_str());
        temp_.clear();
        error = "cannot write " + path_.string() + ": " + std::strerror(saved);
        return false;
    }
    temp_.clear();
    return true;
}

bool AtomicOutputFile::copy_to(int fd, std::string& error) {
    if (!spool_ || fd_ < 0) { error = "no spooled output"; return false; }
    std::string buffer(std::size_t(1) << 20, '\0');
    for (off_t at = 0;;) {
        ssize_t n = ::pread(fd_, buffer.data(), buffer.size(), at);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) { error = std::string("cannot read the temporary file: ") + std::strerror(errno); return false; }
        if (n == 0) return true;
        if (!write_all(fd, std::string_view(buffer.data(), static_cast<std::size_t>(n)))) {
            error = std::strerror(errno);
            return false;
        }
        at += n;
    }
}

void AtomicOutputFile::abandon() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    spool_ = false;
    if (!temp_.empty()) ::unlink(temp_.c_str());
    temp_.clear();
}

bool write_file_atomically(const fs::path& path, std::string_view data, std::string& error, bool sync_to_disk) {
    AtomicOutputFile file;
    if (!file.open(path, error)) return false;
    file.write(data);
    return file.commit(error, sync_to_disk);
}

}  // namespace bibport::core
