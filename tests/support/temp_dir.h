// A private temp directory for one test (named "<prefix>-XXXXXX" under $TMPDIR or /tmp, or
// %TEMP% on Windows, so a leftover says which test made it; mode 0700 where modes exist),
// removed with everything in it.
#pragma once

#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <system_error>

namespace fshosts::test {

struct TempDir {
    std::filesystem::path path;

    explicit TempDir(const std::string& prefix = "fshosts-test")
    {
        // create_directory fails when the name exists, so the directory is ours alone (what
        // mkdtemp does, portably).
        static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        std::random_device rd;
        const std::filesystem::path base = std::filesystem::temp_directory_path();
        for (int attempt = 0; attempt < 100; ++attempt) {
            std::string name = prefix + "-";
            for (int i = 0; i < 6; ++i)
                name += alphabet[rd() % (sizeof alphabet - 1)];
            std::error_code ec;
            if (std::filesystem::create_directory(base / name, ec)) {
                path = base / name;
                std::filesystem::permissions(path, std::filesystem::perms::owner_all, ec);
                return;
            }
            if (ec)
                throw std::runtime_error("cannot create a temp directory in " + base.string() + ": " + ec.message());
        }
        throw std::runtime_error("cannot create a temp directory in " + base.string());
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
