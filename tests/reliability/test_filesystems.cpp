// Odd file systems and files: full disk, ownership/mode/xattrs, symlinks, bind mounts, chattr +i,
// read-only mounts and missing permission. Every refusal changes nothing and leaves no temp file.
// Mounts happen in a private mount namespace of this test process (root only).
#include "catch.h"
#include "support.h"
#include "support/immutable_file.h"

#include <nlohmann/json.hpp>

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <string>
#include <vector>

using namespace fshosts::test::rel;
using fshosts::test::ProcessResult;
using fshosts::test::run_process;

namespace {

const std::vector<std::string> apply_args{"apply", "--ip", "203.0.113.10", "www.example.jp"};

std::string sample_hosts(int extra_lines = 0)
{
    std::string s =
        "127.0.0.1\tlocalhost\n"
        "::1\t\tlocalhost ip6-localhost ip6-loopback\n"
        "\n"
        "10.0.0.5 intranet.local   # office\n";
    for (int i = 0; i < extra_lines; ++i)
        s += "10.2." + std::to_string(i / 250) + "." + std::to_string(i % 250) + " build" + std::to_string(i) + ".lan\n";
    return s;
}

#define SKIP_UNLESS_ROOT()                                                 \
    do {                                                                   \
        if (!is_root())                                                    \
            FSHOSTS_SKIP("needs root (mounts, chown, chattr, other users)"); \
    } while (false)

std::string xattr_of(const fs::path& p, const char* name)
{
    std::string value(256, '\0');
    const ssize_t n = ::lgetxattr(p.c_str(), name, value.data(), value.size());
    if (n < 0)
        return "<" + std::string(std::strerror(errno)) + ">";
    value.resize(static_cast<std::size_t>(n));
    return value;
}

using fshosts::test::ImmutableGuard;  // support/immutable_file.h
using fshosts::test::set_immutable;

}  // namespace

TEST_CASE("a full disk refuses the change with exit 5 and leaves the file and directory as they were",
          "[reliability][filesystems][root]")
{
    SKIP_UNLESS_ROOT();
    const std::string ns = enter_private_mount_namespace();
    INFO(ns);
    REQUIRE(ns.empty());

    TempDir work("fshosts-fs-full");
    const fs::path mnt = work.path / "mnt";
    fs::create_directory(mnt);
    Mount tmpfs = Mount::tmpfs(mnt, "size=256k,mode=0755");
    const fs::path hosts = mnt / "hosts";
    const fs::path state = work.path / "state";  // on the normal disk: backups still fit
    const std::string original = sample_hosts(1500);
    REQUIRE(original.size() > 32 * 1024);
    write_bytes(hosts, original);

    // Fill the file system, then give back 8 KiB: far less than a copy of the hosts file needs.
    const fs::path filler = mnt / "filler";
    {
        const int fd = ::open(filler.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
        REQUIRE(fd >= 0);
        const std::string block(4096, 'x');
        off_t size = 0;
        for (;;) {
            const ssize_t n = ::write(fd, block.data(), block.size());
            if (n <= 0)
                break;
            size += n;
        }
        REQUIRE(errno == ENOSPC);
        REQUIRE(::ftruncate(fd, size > 8192 ? size - 8192 : 0) == 0);
        ::close(fd);
    }

    const ProcessResult r = run_fshosts(hosts, state, apply_args);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 5);
    CHECK(contains(r.err, "space"));
    CHECK(read_bytes(hosts) == original);
    CHECK(temp_files_beside(hosts).empty());
    CHECK_FALSE(fs::exists(state_dir_of(state) / "journal.json"));

    // With room again the same command works: nothing was left half-done.
    fs::remove(filler);
    const ProcessResult again = run_fshosts(hosts, state, apply_args);
    INFO(again.out << again.err);
    CHECK(again.exit_code == 0);
    CHECK(again.err.empty());
    CHECK(read_bytes(hosts) == result_on_copy(original, apply_args));
}

TEST_CASE("mode 0640 and owner 65534:65534 and user xattrs survive apply and revert", "[reliability][filesystems][root]")
{
    SKIP_UNLESS_ROOT();
    TempDir work("fshosts-fs-attrs");
    fs::create_directory(work.path / "etc");
    const fs::path hosts = work.path / "etc" / "hosts";
    const fs::path state = work.path / "state";
    const std::string original = sample_hosts();
    write_bytes(hosts, original);
    REQUIRE(::chmod(hosts.c_str(), 0640) == 0);
    REQUIRE(::chown(hosts.c_str(), 65534, 65534) == 0);
    if (::setxattr(hosts.c_str(), "user.fshosts", "1", 1, 0) != 0)
        FSHOSTS_SKIP("this file system has no user xattrs (" << std::strerror(errno) << ")");
    const std::string binary_value("\x00\x01\xff", 3);
    REQUIRE(::setxattr(hosts.c_str(), "user.binary", binary_value.data(), binary_value.size(), 0) == 0);

    auto check_attributes = [&](const char* when) {
        INFO(when);
        const struct stat st = stat_of(hosts);
        CHECK(S_ISREG(st.st_mode));
        CHECK((st.st_mode & 07777) == 0640U);
        CHECK(st.st_uid == 65534U);
        CHECK(st.st_gid == 65534U);
        CHECK(xattr_of(hosts, "user.fshosts") == "1");
        CHECK(xattr_of(hosts, "user.binary") == binary_value);
    };

    const ProcessResult apply = run_fshosts(hosts, state, apply_args);
    INFO(apply.out << apply.err);
    REQUIRE(apply.exit_code == 0);
    CHECK(read_bytes(hosts) == result_on_copy(original, apply_args));
    check_attributes("after apply");

    const ProcessResult revert = run_fshosts(hosts, state, {"revert"});
    INFO(revert.out << revert.err);
    REQUIRE(revert.exit_code == 0);
    CHECK(read_bytes(hosts) == original);
    check_attributes("after revert");
    CHECK(temp_files_beside(hosts).empty());
}

TEST_CASE("a symlinked hosts file is refused naming its target and link and target stay unchanged", "[reliability][filesystems]")
{
    TempDir work("fshosts-fs-symlink");
    fs::create_directory(work.path / "etc");
    fs::create_directory(work.path / "real");
    const fs::path target = work.path / "real" / "hosts.actual";
    const fs::path link = work.path / "etc" / "hosts";
    const fs::path state = work.path / "state";
    const std::string original = sample_hosts();
    write_bytes(target, original);
    fs::create_symlink(target, link);

    const ProcessResult r = run_fshosts(link, state, apply_args);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 5);
    CHECK(contains(r.err, target.string()));
    CHECK(contains(r.err, "symbolic link"));
    CHECK(fs::is_symlink(fs::symlink_status(link)));
    CHECK(fs::read_symlink(link) == target);
    CHECK(read_bytes(target) == original);
    CHECK(temp_files_beside(link).empty());
    CHECK(temp_files_under(work.path / "real").empty());
}

TEST_CASE("a bind-mounted hosts file is updated in place and reverted byte for byte", "[reliability][filesystems][root]")
{
    SKIP_UNLESS_ROOT();
    const std::string ns = enter_private_mount_namespace();
    INFO(ns);
    REQUIRE(ns.empty());

    TempDir work("fshosts-fs-bind");
    fs::create_directory(work.path / "etc");
    fs::create_directory(work.path / "src");
    const fs::path real = work.path / "src" / "hosts";
    const fs::path hosts = work.path / "etc" / "hosts";
    const fs::path state = work.path / "state";
    const std::string original =
        "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n172.17.0.2\t3f1c2a7d9e0b\n";  // Docker's
    write_bytes(real, original);
    REQUIRE(::chmod(real.c_str(), 0644) == 0);
    write_bytes(hosts, "");
    const struct stat before = stat_of(real);
    Mount mount = Mount::bind(real, hosts);
    REQUIRE(stat_of(hosts).st_ino == before.st_ino);

    const ProcessResult apply = run_fshosts(hosts, state, {"apply", "--json", "--ip", "203.0.113.10", "www.example.jp"});
    INFO(apply.out << apply.err);
    REQUIRE(apply.exit_code == 0);
    const nlohmann::json j = nlohmann::json::parse(apply.out);
    CHECK(j.at("ok") == true);
    CHECK(j.at("changed") == true);
    CHECK_FALSE(j.at("backup_id").get<std::string>().empty());
    CHECK(j.at("recovery").empty());
    CHECK(apply.err.empty());
    const std::string expected = result_on_copy(original, apply_args);
    CHECK(read_bytes(hosts) == expected);
    CHECK(read_bytes(real) == expected);
    const struct stat after = stat_of(hosts);
    CHECK(after.st_ino == before.st_ino);
    CHECK(after.st_mode == before.st_mode);
    CHECK(temp_files_beside(hosts).empty());
    CHECK_FALSE(fs::exists(state_dir_of(state) / "journal.json"));

    const ProcessResult revert = run_fshosts(hosts, state, {"revert"});
    INFO(revert.out << revert.err);
    REQUIRE(revert.exit_code == 0);
    CHECK(read_bytes(hosts) == original);
    CHECK(stat_of(hosts).st_ino == before.st_ino);
    CHECK(temp_files_beside(hosts).empty());
}

TEST_CASE("an immutable hosts file (chattr +i) is refused with a message saying so", "[reliability][filesystems][root]")
{
    SKIP_UNLESS_ROOT();
    TempDir work("fshosts-fs-immutable");
    fs::create_directory(work.path / "etc");
    const fs::path hosts = work.path / "etc" / "hosts";
    const fs::path state = work.path / "state";
    const std::string original = sample_hosts();
    write_bytes(hosts, original);
    ImmutableGuard guard{hosts};
    if (!set_immutable(hosts, true))
        FSHOSTS_SKIP("this file system has no immutable flag (" << std::strerror(errno) << ")");

    const ProcessResult r = run_fshosts(hosts, state, apply_args);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 4);  // Permission: not even root may change it
    CHECK(contains(r.err, "immutable"));
    CHECK(contains(r.err, "chattr -i"));
    CHECK(read_bytes(hosts) == original);
    CHECK(temp_files_beside(hosts).empty());
}

TEST_CASE("a hosts file on a read-only mount is refused with exit 5", "[reliability][filesystems][root]")
{
    SKIP_UNLESS_ROOT();
    const std::string ns = enter_private_mount_namespace();
    INFO(ns);
    REQUIRE(ns.empty());

    TempDir work("fshosts-fs-readonly");
    const fs::path etc = work.path / "etc";
    fs::create_directory(etc);
    const fs::path hosts = etc / "hosts";
    const fs::path state = work.path / "state";
    const std::string original = sample_hosts();
    write_bytes(hosts, original);
    Mount ro = Mount::bind(etc, etc, true);

    const ProcessResult r = run_fshosts(hosts, state, apply_args);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 5);
    CHECK(contains(r.err, "read-only file system"));
    CHECK(contains(r.err, hosts.string()));
    CHECK(read_bytes(hosts) == original);
    CHECK(temp_files_beside(hosts).empty());
}

TEST_CASE("a user without write permission gets exit 4 and the file stays as it was", "[reliability][filesystems][root]")
{
    SKIP_UNLESS_ROOT();
    TempDir work("fshosts-fs-perm");
    REQUIRE(::chmod(work.path.c_str(), 0755) == 0);
    const fs::path etc = work.path / "etc";
    fs::create_directory(etc);
    REQUIRE(::chmod(etc.c_str(), 0755) == 0);
    const fs::path hosts = etc / "hosts";
    const std::string original = sample_hosts();
    write_bytes(hosts, original);
    REQUIRE(::chmod(hosts.c_str(), 0644) == 0);
    const fs::path state = work.path / "state";  // writable by the user, as their own would be
    fs::create_directory(state);
    REQUIRE(::chown(state.c_str(), 65534, 65534) == 0);

    // A copy of the programs that uid 65534 can reach, wherever the build tree lies.
    const fshosts::test::StagedBuild staged;
    std::vector<std::string> argv{staged.program("bin/fshosts"), "--hosts-file", hosts.string()};
    argv.insert(argv.end(), apply_args.begin(), apply_args.end());
    const ProcessResult r = run_process(argv, {.env = cli_env(state), .as_user = 65534});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 4);
    CHECK(contains(r.err, "permission"));
    CHECK(contains(r.err, hosts.string()));
    CHECK(read_bytes(hosts) == original);
    CHECK(stat_of(hosts).st_uid == 0U);
    CHECK(temp_files_beside(hosts).empty());
}
