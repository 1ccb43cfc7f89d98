// A private temp directory for one test (mkdtemp, mode 0700, named "<prefix>-XXXXXX" under
// $TMPDIR or /tmp, so a leftover says which test made it), removed with everything in it.
#pragma once

#include <stdlib.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace fshosts::test {

struct TempDir {
    std::filesystem::path path;

    explicit TempDir(const std::string& prefix = "fshosts-test")
    {
        std::string tmpl = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
        if (::mkdtemp(tmpl.data()) == nullptr)
            throw std::runtime_error("mkdtemp " + tmpl + ": " + std::strerror(errno));
        path = tmpl;
    }
    ~TempDir()
    {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
};

}  // namespace fshosts::test
