// Helpers shared by the reliability tests: private temp directories, byte-exact file access,
// the fshosts binaries with an isolated state directory, the temp files a writer leaves beside
// a hosts file and a private mount namespace.
#pragma once

#include "core/sha256.h"
#include "support/build_tree.h"
#include "support/process.h"
#include "support/skip.h"
#include "support/temp_dir.h"

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace fshosts::test::rel {

namespace fs = std::filesystem;
using fshosts::sha256_hex;
using fshosts::test::Child;
using fshosts::test::ProcessResult;
using fshosts::test::run_process;
using fshosts::test::TempDir;

inline const std::string fshosts_bin = fshosts::test::build_program("bin/fshosts");
inline const std::string faults_bin = fshosts::test::build_program("tests/fshosts-faults");

inline std::string read_bytes(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

inline void write_bytes(const fs::path& p, std::string_view bytes)
{
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out.flush())
        throw std::runtime_error("cannot write " + p.string());
}

inline bool contains(std::string_view haystack, std::string_view needle) { return haystack.find(needle) != std::string_view::npos; }

// The environment every fshosts run gets: state and home in `state_home`, English messages,
// and no inherited fault point.
inline std::vector<std::string> cli_env(const fs::path& state_home, const std::string& fault_point = {})
{
    return {"XDG_STATE_HOME=" + state_home.string(),
            "HOME=" + state_home.string(),
            "LANG=C",
            "LC_ALL=",
            "LC_MESSAGES=",
            "LANGUAGE=",
            "FSHOSTS_FAULT_POINT=" + fault_point};
}

// Runs `bin --hosts-file hosts args...`.
inline ProcessResult run_fshosts(const fs::path& hosts, const fs::path& state_home, std::vector<std::string> args,
                                 const std::string& bin = fshosts_bin, const std::string& fault_point = {})
{
    args.insert(args.begin(), {bin, "--hosts-file", hosts.string()});
    return run_process(args, {.env = cli_env(state_home, fault_point)});
}

// What `args` does to `content`: the same command run to completion by the release binary on
// a scratch copy with its own state directory. Throws if that run fails.
inline std::string result_on_copy(std::string_view content, const std::vector<std::string>& args)
{
    TempDir scratch("fshosts-scratch");
    const fs::path hosts = scratch.path / "hosts";
    write_bytes(hosts, content);
    const ProcessResult r = run_fshosts(hosts, scratch.path / "state", args);
    if (r.exit_code != 0)
        throw std::runtime_error("scratch run failed (" + std::to_string(r.exit_code) + "): " + r.err);
    return read_bytes(hosts);
}

// The per-file state directory fshosts uses for `hosts` (there is exactly one per test).
inline fs::path state_dir_of(const fs::path& state_home)
{
    const fs::path files = state_home / "fshosts" / "files";
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(files, ec))
        if (e.is_directory())
            return e.path();
    return {};
}

// Temp files of the atomic replace beside `hosts`: ".<name>.fshosts-tmp-XXXXXXXXXXXX".
inline std::vector<std::string> temp_files_beside(const fs::path& hosts)
{
    const std::string prefix = "." + hosts.filename().string() + ".fshosts-tmp-";
    std::vector<std::string> found;
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(hosts.parent_path(), ec)) {
        const std::string name = e.path().filename().string();
        if (name.rfind(prefix, 0) == 0)
            found.push_back(name);
    }
    std::sort(found.begin(), found.end());
    return found;
}

// Every file under `dir` whose name contains ".fshosts-tmp-" (backups, journal).
inline std::vector<std::string> temp_files_under(const fs::path& dir)
{
    std::vector<std::string> found;
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (contains(it->path().filename().string(), ".fshosts-tmp-"))
            found.push_back(it->path().string());
    std::sort(found.begin(), found.end());
    return found;
}

inline struct stat stat_of(const fs::path& p)
{
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0)
        throw std::runtime_error("lstat " + p.string() + ": " + std::strerror(errno));
    return st;
}

inline bool is_root() { return ::geteuid() == 0; }

// Moves this test process into its own mount namespace with private propagation, once; every
// child inherits it and nothing mounted here is seen outside. Returns "" or why it failed.
inline std::string enter_private_mount_namespace()
{
    static std::string result = [] {
        if (::unshare(CLONE_NEWNS) != 0)
            return std::string("unshare(CLONE_NEWNS): ") + std::strerror(errno);
        if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
            return std::string("mount --make-rprivate /: ") + std::strerror(errno);
        return std::string();
    }();
    return result;
}

// A mount inside the private namespace, detached again at scope exit.
class Mount {
public:
    // Bind-mounts `source` (file or directory) over `target`; read-only when asked.
    static Mount bind(const fs::path& source, const fs::path& target, bool read_only = false)
    {
        if (::mount(source.c_str(), target.c_str(), nullptr, MS_BIND, nullptr) != 0)
            throw std::runtime_error("bind mount " + source.string() + " -> " + target.string() + ": " + std::strerror(errno));
        Mount m(target);
        if (read_only && ::mount(nullptr, target.c_str(), nullptr, MS_REMOUNT | MS_BIND | MS_RDONLY, nullptr) != 0)
            throw std::runtime_error("remount read-only " + target.string() + ": " + std::strerror(errno));
        return m;
    }
    static Mount tmpfs(const fs::path& target, const std::string& options)
    {
        if (::mount("fshosts-test", target.c_str(), "tmpfs", 0, options.c_str()) != 0)
            throw std::runtime_error("mount tmpfs on " + target.string() + ": " + std::strerror(errno));
        return Mount(target);
    }
    Mount(Mount&& other) noexcept : m_target(std::move(other.m_target)) { other.m_target.clear(); }
    Mount& operator=(Mount&&) = delete;
    Mount(const Mount&) = delete;
    Mount& operator=(const Mount&) = delete;
    ~Mount()
    {
        if (!m_target.empty())
            ::umount2(m_target.c_str(), MNT_DETACH);
    }

private:
    explicit Mount(fs::path target) : m_target(std::move(target)) {}
    fs::path m_target;
};

// The lines of the managed block markers, as fshosts writes them.
inline constexpr std::string_view block_begin = "# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>";
inline constexpr std::string_view block_end = "# <<< fshosts managed block (jp.fshosts.hosts) <<<";

// `bytes` without the managed block (its marker lines and everything between them), or
// `bytes` itself when it has no block. Used to check that the rest of a file is untouched.
inline std::string without_block(const std::string& bytes)
{
    std::size_t begin = std::string::npos, end = std::string::npos;
    for (std::size_t pos = 0; pos < bytes.size();) {
        std::size_t nl = bytes.find('\n', pos);
        const std::size_t next = nl == std::string::npos ? bytes.size() : nl + 1;
        std::string_view line(bytes.data() + pos, next - pos);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
            line.remove_suffix(1);
        if (line == block_begin && begin == std::string::npos)
            begin = pos;
        else if (line == block_end && begin != std::string::npos) {
            end = next;
            break;
        }
        pos = next;
    }
    if (begin == std::string::npos || end == std::string::npos)
        return bytes;
    return bytes.substr(0, begin) + bytes.substr(end);
}

}  // namespace fshosts::test::rel
