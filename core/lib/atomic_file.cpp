// SPDX-License-Identifier: MIT
#include "atomic_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
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

bool AtomicOutputFile::write(std::string_view data) noexcept {
    if (fd_ < 0 || failed_errno_) return false;
    if (!write_all(fd_, data)) { failed_errno_ = errno ? errno : EIO; return false; }
    return true;
}

bool AtomicOutputFile::commit(std::string& error) {
    if (fd_ < 0) { error = "no output file is open"; return false; }
    bool ok = failed_errno_ == 0 && ::fsync(fd_) == 0;
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

void AtomicOutputFile::abandon() noexcept {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    if (!temp_.empty()) ::unlink(temp_.c_str());
    temp_.clear();
}

bool write_file_atomically(const fs::path& path, std::string_view data, std::string& error) {
    AtomicOutputFile file;
    if (!file.open(path, error)) return false;
    file.write(data);
    return file.commit(error);
}

}  // namespace bibport::core
