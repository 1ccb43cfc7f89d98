// Helpers shared by the reliability tests: private temp directories, byte-exact file access,
// the fshosts binaries with an isolated state directory, the temp files a writer leaves beside
// a hosts file, a private mount namespace, and a SHA-256 independent of the product's.
#pragma once

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
#include <array>
#include <cerrno>
#include <cstdint>
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

// SHA-256 (FIPS 180-4), written here so a test does not trust the product's own hashing.
inline std::string sha256_hex(std::string_view data)
{
    static constexpr std::array<std::uint32_t, 64> k{
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
        0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
        0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
        0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
        0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
        0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    std::array<std::uint32_t, 8> h{0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
    auto rotr = [](std::uint32_t x, unsigned n) { return (x >> n) | (x << (32U - n)); };

    std::string msg(data);
    const std::uint64_t bit_length = static_cast<std::uint64_t>(data.size()) * 8U;
    msg.push_back(static_cast<char>(0x80));
    while (msg.size() % 64 != 56)
        msg.push_back('\0');
    for (int i = 7; i >= 0; --i)
        msg.push_back(static_cast<char>((bit_length >> (static_cast<unsigned>(i) * 8U)) & 0xffU));

    for (std::size_t chunk = 0; chunk < msg.size(); chunk += 64) {
        std::array<std::uint32_t, 64> w{};
        for (std::size_t i = 0; i < 16; ++i) {
            std::uint32_t v = 0;
            for (std::size_t j = 0; j < 4; ++j)
                v = (v << 8) | static_cast<std::uint32_t>(static_cast<unsigned char>(msg[chunk + i * 4 + j]));
            w[i] = v;
        }
        for (std::size_t i = 16; i < 64; ++i) {
            const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
            const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
            w[i] = w[i - 16] + s0 + w[i - 7] + s1;
        }
        std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
        for (std::size_t i = 0; i < 64; ++i) {
            const std::uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + k[i] + w[i];
            const std::uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
            hh = g;
            g = f;
            f = e;
            e = d + t1;
            d = c;
            c = b;
            b = a;
            a = t1 + t2;
        }
        h[0] += a;
        h[1] += b;
        h[2] += c;
        h[3] += d;
        h[4] += e;
        h[5] += f;
        h[6] += g;
        h[7] += hh;
    }
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (std::uint32_t v : h)
        for (int shift = 28; shift >= 0; shift -= 4)
            out.push_back(hex[(v >> static_cast<unsigned>(shift)) & 0xfU]);
    return out;
}

}  // namespace fshosts::test::rel
