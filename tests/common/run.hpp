// SPDX-License-Identifier: MIT
// Test helpers: run a command and capture its output; temporary folders.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>

namespace bibport::testing {

struct RunResult {
    int status = -1;        ///< exit status, or 128+signal when killed by a signal
    std::string out, err;
};

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

inline void spit(const std::filesystem::path& p, const std::string& data) {
    std::ofstream out(p, std::ios::binary);
    out << data;
}

/// A fresh empty folder under the system temp dir, removed when the object goes.
class TempDir {
public:
    TempDir() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "bibport-test-XXXXXX").string();
        path_ = ::mkdtemp(tmpl.data());
    }
    ~TempDir() { std::error_code ec; std::filesystem::remove_all(path_, ec); }
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

/// Runs `command` with /bin/sh, standard input from `stdin_file` (or /dev/null).
inline RunResult run(const std::string& command, const std::string& stdin_file = "/dev/null") {
    TempDir tmp;
    auto out = tmp / "out", err = tmp / "err";
    std::string full = command + " <'" + stdin_file + "' >'" + out.string() + "' 2>'" + err.string() + "'";
    int raw = std::system(full.c_str());
    RunResult r;
    if (raw != -1 && WIFEXITED(raw)) r.status = WEXITSTATUS(raw);
    else if (raw != -1 && WIFSIGNALED(raw)) r.status = 128 + WTERMSIG(raw);
    r.out = slurp(out);
    r.err = slurp(err);
    return r;
}

inline std::string quote(const std::string& s) { return "'" + s + "'"; }

}  // namespace bibport::testing
