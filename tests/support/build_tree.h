// Where the programs under test are: found from the test binary's own location (BUILD/tests/),
// never from a path compiled in, so a build tree that is reached through another path (a
// checkout moved, or bind-mounted into a private directory by the private-checkout test) is
// the tree that is tested. POSIX only.
#pragma once

#include "support/process.h"

#include <filesystem>
#include <stdexcept>
#include <string>

namespace fshosts::test {

// BUILD: the parent of the directory that holds the running test binary.
inline std::filesystem::path build_dir()
{
    std::error_code ec;
    const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec)
        throw std::runtime_error("cannot read /proc/self/exe: " + ec.message());
    return self.parent_path().parent_path();
}

inline std::string build_program(const std::string& relative) { return (build_dir() / relative).string(); }

// A copy of the build's programs (bin/, libexec/fshosts/, share/locale/, tests/fshosts-faults) in
// a directory every user can reach, for running them as another user: a build tree inside a
// private (0700) directory cannot be traversed by uid 65534. Removed when the object goes.
class StagedBuild {
public:
    StagedBuild()
    {
        const std::string script = (std::filesystem::path(FSHOSTS_TEST_SOURCE_DIR) / "support" / "stage-for-other-user").string();
        ProcessResult r = run_process({script, build_dir().string()});
        if (r.exit_code != 0)
            throw std::runtime_error("stage-for-other-user failed: " + r.err);
        while (!r.out.empty() && (r.out.back() == '\n' || r.out.back() == '\r'))
            r.out.pop_back();
        m_root = r.out;
    }
    ~StagedBuild()
    {
        std::error_code ec;
        std::filesystem::remove_all(m_root, ec);
    }
    StagedBuild(const StagedBuild&) = delete;
    StagedBuild& operator=(const StagedBuild&) = delete;

    std::string program(const std::string& relative) const { return (m_root / relative).string(); }

private:
    std::filesystem::path m_root;
};

}  // namespace fshosts::test
