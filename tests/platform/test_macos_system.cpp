// What the macOS build uses, checked on Linux (label macos): the hosts path, the state
// directories, the DNS flush commands (platform/macos_system.h), and the access check that lets a
// user whom IT gave the hosts file skip the prompt (platform/write_access.h, shared with Linux;
// here as uid 65534 against owners, modes and POSIX ACLs, which need root to set up).
#include "catch.h"
#include "support/process.h"
#include "support/skip.h"
#include "support/temp_dir.h"

#include "platform/macos_system.h"
#include "platform/write_access.h"

#include <grp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace macos = fshosts::platform::macos;

namespace {

constexpr uid_t nobody = 65534;

// may_replace_file(file) asked as uid/gid 65534 in a forked copy of this process.
bool nobody_may_replace(const fs::path& file)
{
    fshosts::test::Child child = fshosts::test::Child::fork([&] {
        if (::setgroups(0, nullptr) != 0 || ::setresgid(nobody, nobody, nobody) != 0 || ::setresuid(nobody, nobody, nobody) != 0)
            return 2;
        return fshosts::platform::may_replace_file(file) ? 0 : 1;
    });
    const int code = child.wait();
    REQUIRE((code == 0 || code == 1));
    return code == 0;
}

void setfacl(const std::vector<std::string>& args)
{
    std::vector<std::string> argv{"/usr/bin/setfacl"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = fshosts::test::run_process(argv);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
}

}  // namespace

TEST_CASE("macOS names: the real hosts file, root-only state in /Library, the user's in ~/Library", "[macos]")
{
    CHECK(macos::hosts_path == "/private/etc/hosts");
    CHECK(macos::system_state_dir == "/Library/Application Support/fshosts");
    CHECK(macos::user_state_dir_in_home == "Library/Application Support/fshosts");
}

TEST_CASE("macOS DNS flush: dscacheutil, then SIGHUP to mDNSResponder, by absolute path", "[macos]")
{
    const std::vector<macos::FlushCommand> commands = macos::dns_flush_commands();
    REQUIRE(commands.size() == 2);
    CHECK(commands[0].cache == "dscacheutil");
    CHECK(commands[0].program == "/usr/bin/dscacheutil");  // macOS, not run here
    CHECK(commands[0].args == std::vector<std::string_view>{"-flushcache"});
    CHECK(commands[1].cache == "mDNSResponder");
    CHECK(commands[1].program == "/usr/bin/killall");  // macOS, not run here
    CHECK(commands[1].args == std::vector<std::string_view>{"-HUP", "mDNSResponder"});
}

TEST_CASE("direct write: only for the file's owner, with the file and its folder writable, ACLs included", "[macos]")
{
    if (::geteuid() != 0)
        FSHOSTS_SKIP("needs root to set up files for uid 65534");
    fshosts::test::TempDir box;
    fs::permissions(box.path, fs::perms::owner_all | fs::perms::group_exec | fs::perms::others_exec);
    const fs::path etc = box.path / "etc";
    fs::create_directory(etc);
    const fs::path hosts = etc / "hosts";
    std::ofstream(hosts) << "127.0.0.1 localhost\n";
    using p = fs::perms;
    const p dir_755 = p::owner_all | p::group_read | p::group_exec | p::others_read | p::others_exec;
    const p file_644 = p::owner_read | p::owner_write | p::group_read | p::others_read;
    const auto set_up = [&](p dir, p file, uid_t file_owner, gid_t file_group) {
        fs::permissions(etc, dir);
        REQUIRE(::chown(hosts.c_str(), file_owner, file_group) == 0);
        fs::permissions(hosts, file);
    };

    SECTION("the usual /etc/hosts (root 0644 in a root 0755 folder): the prompt")
    {
        set_up(dir_755, file_644, 0, 0);
        CHECK_FALSE(nobody_may_replace(hosts));
    }
    SECTION("root's file, writable by all, in a folder writable by all: the prompt (its owner could not be kept)")
    {
        set_up(dir_755 | p::others_write, file_644 | p::others_write, 0, 0);
        CHECK_FALSE(nobody_may_replace(hosts));
    }
    SECTION("root's file with ACLs for this user on it and its folder: the prompt (its owner could not be kept)")
    {
        set_up(dir_755, file_644, 0, 0);
        setfacl({"-m", "u:65534:rw", hosts.string()});
        setfacl({"-m", "u:65534:rwx", etc.string()});
        CHECK_FALSE(nobody_may_replace(hosts));
    }
    SECTION("the user's own file in a folder they cannot add to: the prompt (no atomic rename)")
    {
        set_up(dir_755, file_644, nobody, nobody);
        CHECK_FALSE(nobody_may_replace(hosts));
    }
    SECTION("the user's own file, the folder opened to them by an ACL: direct; the ACL taken away: the prompt")
    {
        set_up(dir_755, file_644, nobody, nobody);
        setfacl({"-m", "u:65534:rwx", etc.string()});
        CHECK(nobody_may_replace(hosts));
        setfacl({"-x", "u:65534", etc.string()});
        CHECK_FALSE(nobody_may_replace(hosts));
    }
    SECTION("the user's own file in a folder writable by all: direct")
    {
        set_up(dir_755 | p::others_write, file_644, nobody, nobody);
        CHECK(nobody_may_replace(hosts));
    }
    SECTION("the user's own file that they made read-only: the prompt")
    {
        set_up(dir_755 | p::others_write, p::owner_read | p::group_read | p::others_read, nobody, nobody);
        CHECK_FALSE(nobody_may_replace(hosts));
    }
    SECTION("the user's file in a group they are not in (its group could not be kept): the prompt")
    {
        set_up(dir_755 | p::others_write, file_644, nobody, 0);
        CHECK_FALSE(nobody_may_replace(hosts));
    }
    SECTION("a symlink, a folder or a missing file is never replaced directly")
    {
        set_up(dir_755 | p::others_write, file_644, nobody, nobody);
        fs::create_symlink(hosts, etc / "link");
        CHECK_FALSE(nobody_may_replace(etc / "link"));
        CHECK_FALSE(nobody_may_replace(etc));
        CHECK_FALSE(nobody_may_replace(etc / "missing"));
    }
}
