// The platform primitives on real files in a private temp directory (never /etc/hosts): the
// replaced file keeps its bytes, owner, mode and attributes; refusals change nothing.
#include "catch.h"
#include "support/skip.h"
#include "support/lock_holder.h"
#include "support/process.h"
#include "support/temp_dir.h"

#include "base/error.h"
#include "platform/atomic_replace.h"
#include "platform/file_lock.h"
#include "platform/regular_file.h"
#include "platform/state_dirs.h"
#include "platform/user_identity.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using fshosts::Error;
using fshosts::ErrorKind;
namespace platform = fshosts::platform;

namespace {

std::string read_bytes(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_bytes(const fs::path& p, const std::string& bytes)
{
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
}

struct stat stat_of(const fs::path& p)
{
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st;
}

// A fresh temp directory, removed (with everything in it) at the end of the test.
struct TempDir : fshosts::test::TempDir {
    TempDir() : fshosts::test::TempDir("fshosts-platform") {}

    std::vector<std::string> names() const
    {
        std::vector<std::string> result;
        for (const auto& entry : fs::directory_iterator(path))
            result.push_back(entry.path().filename().string());
        std::sort(result.begin(), result.end());
        return result;
    }
};

// The Error a call throws; fails the test when it throws nothing.
std::optional<Error> error_of(const std::function<void()>& call)
{
    try {
        call();
    } catch (const Error& e) {
        return e;
    }
    FAIL_CHECK("expected an fshosts::Error");
    return std::nullopt;
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// Sets or clears FS_IMMUTABLE_FL; false when this file system has no such flag.
bool set_immutable(const fs::path& p, bool on)
{
    int fd = ::open(p.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    int flags = 0;
    bool ok = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (ok) {
        flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
        ok = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    ::close(fd);
    return ok;
}

// Runs `body` in a forked child with its own mount namespace; returns what the child reports:
// "ok", a description of the failure, or "skip" when namespaces are not available.
std::string in_mount_namespace(const std::function<std::string()>& body)
{
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    fshosts::test::Child child = fshosts::test::Child::fork([&] {
        ::close(fds[0]);
        std::string result;
        if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) {
            result = "skip";
        } else {
            try {
                result = body();
            } catch (const std::exception& e) {
                result = std::string("exception: ") + e.what();
            }
        }
        ssize_t written = ::write(fds[1], result.data(), result.size());
        return written == static_cast<ssize_t>(result.size()) ? 0 : 1;
    });
    ::close(fds[1]);
    std::string result;
    char buffer[512];
    ssize_t n = 0;
    while ((n = ::read(fds[0], buffer, sizeof buffer)) > 0)
        result.append(buffer, static_cast<std::size_t>(n));
    ::close(fds[0]);
    CHECK(child.wait() < 128);  // exited, not killed by a signal
    return result;
}

// Restores an environment variable when the test ends.
struct EnvGuard {
    std::string name;
    std::optional<std::string> old;
    explicit EnvGuard(std::string n) : name(std::move(n))
    {
        if (const char* v = std::getenv(name.c_str()))
            old = v;
    }
    ~EnvGuard()
    {
        if (old)
            ::setenv(name.c_str(), old->c_str(), 1);
        else
            ::unsetenv(name.c_str());
    }
    EnvGuard(const EnvGuard&) = delete;
    EnvGuard& operator=(const EnvGuard&) = delete;
};

const std::string old_hosts = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n";
const std::string new_hosts = old_hosts +
                              "# BEGIN fshosts\r\n203.0.113.10 www.example.jp\n# END fshosts\n"
                              "\xEF\xBB\xBF \x81\x40 NUL:" +
                              std::string(1, '\0') + "end";

}  // namespace

TEST_CASE("replace_file_atomically writes the exact bytes and keeps owner, mode and xattrs", "[platform]")
{
    TempDir dir;
    const fs::path hosts = dir.path / "hosts";
    write_bytes(hosts, old_hosts);
    REQUIRE(::chmod(hosts.c_str(), 0640) == 0);
    const bool root = ::geteuid() == 0;
    if (root)
        REQUIRE(::chown(hosts.c_str(), 65534, 65534) == 0);
    else
        WARN("not root: the owner/group copy is not checked");
    const std::string attr_value = "kept \x01 value";
    const bool have_xattr =
        ::setxattr(hosts.c_str(), "user.fshosts_test", attr_value.data(), attr_value.size(), 0) == 0;
    if (!have_xattr)
        WARN("this file system has no user.* attributes");
    const struct stat before = stat_of(hosts);

    std::string big = new_hosts;
    while (big.size() < 200 * 1024)
        big += "203.0.113.10 www.example.jp # padding line\n";

    for (const std::string& bytes : {new_hosts, big, std::string()}) {
        const ino_t previous_inode = stat_of(hosts).st_ino;  // freed numbers are reused later
        REQUIRE(platform::replace_file_atomically(hosts, bytes) == platform::ReplaceOutcome::Replaced);
        CHECK(read_bytes(hosts) == bytes);
        const struct stat after = stat_of(hosts);
        CHECK(S_ISREG(after.st_mode));
        CHECK((after.st_mode & 07777) == 0640);
        CHECK(after.st_uid == before.st_uid);
        CHECK(after.st_gid == before.st_gid);
        CHECK(after.st_ino != previous_inode);  // the rename path, not an in-place write
        if (have_xattr) {
            char value[64] = {};
            ssize_t n = ::getxattr(hosts.c_str(), "user.fshosts_test", value, sizeof value);
            REQUIRE(n >= 0);
            CHECK(std::string(value, static_cast<std::size_t>(n)) == attr_value);
        }
        CHECK(dir.names() == std::vector<std::string>{"hosts"});  // no temp file left
    }
}

TEST_CASE("a symbolic link is refused, naming its target, and nothing changes", "[platform]")
{
    TempDir dir;
    const fs::path real = dir.path / "real-hosts";
    const fs::path link = dir.path / "hosts";
    write_bytes(real, old_hosts);
    fs::create_symlink(real, link);

    auto check_refusal = [&](const std::optional<Error>& e) {
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Io);
        CHECK(contains(e->what(), real.string()));
        CHECK(contains(e->what(), "symbolic link"));
    };
    check_refusal(error_of([&] { platform::check_replaceable(link); }));
    check_refusal(error_of([&] { platform::replace_file_atomically(link, new_hosts); }));
    check_refusal(error_of([&] { platform::overwrite_in_place(link, new_hosts); }));

    CHECK(fs::is_symlink(link));
    CHECK(fs::read_symlink(link) == real);
    CHECK(read_bytes(real) == old_hosts);
    CHECK(dir.names() == std::vector<std::string>{"hosts", "real-hosts"});
}

TEST_CASE("a missing file or a directory is refused as an I/O error", "[platform]")
{
    TempDir dir;
    const fs::path missing = dir.path / "hosts";
    for (const auto& call : std::vector<std::function<void()>>{
             [&] { platform::check_replaceable(missing); },
             [&] { platform::replace_file_atomically(missing, new_hosts); },
             [&] { platform::overwrite_in_place(missing, new_hosts); }}) {
        auto e = error_of(call);
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Io);
        CHECK(contains(e->what(), "does not exist"));
    }
    CHECK(!fs::exists(missing));

    const fs::path directory = dir.path / "hosts.d";
    fs::create_directory(directory);
    for (const auto& call : std::vector<std::function<void()>>{
             [&] { platform::check_replaceable(directory); },
             [&] { platform::replace_file_atomically(directory, new_hosts); }}) {
        auto e = error_of(call);
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Io);
        CHECK(contains(e->what(), "not a regular file"));
    }
    CHECK(fs::is_directory(directory));
    CHECK(dir.names() == std::vector<std::string>{"hosts.d"});
}

TEST_CASE("an immutable file is refused and keeps its bytes", "[platform]")
{
    if (::geteuid() != 0) {
        FSHOSTS_SKIP("not root: chattr +i cannot be set");
    }
    TempDir dir;
    const fs::path hosts = dir.path / "hosts";
    write_bytes(hosts, old_hosts);
    if (!set_immutable(hosts, true)) {
        FSHOSTS_SKIP("this file system has no immutable flag");
    }
    struct ClearFlag {
        fs::path p;
        ~ClearFlag() { set_immutable(p, false); }
    } clear_flag{hosts};

    for (const auto& call : std::vector<std::function<void()>>{
             [&] { platform::check_replaceable(hosts); },
             [&] { platform::replace_file_atomically(hosts, new_hosts); }}) {
        auto e = error_of(call);
        REQUIRE(e);
        CHECK(e->kind() == ErrorKind::Permission);
        CHECK(contains(e->what(), "immutable"));
        CHECK(contains(e->what(), "chattr -i"));
    }
    CHECK_THROWS_AS(platform::overwrite_in_place(hosts, new_hosts), Error);
    CHECK(read_bytes(hosts) == old_hosts);
    CHECK(dir.names() == std::vector<std::string>{"hosts"});
}

TEST_CASE("check_replaceable accepts an ordinary file and changes nothing", "[platform]")
{
    TempDir dir;
    const fs::path hosts = dir.path / "hosts";
    write_bytes(hosts, old_hosts);
    const struct stat before = stat_of(hosts);
    CHECK_NOTHROW(platform::check_replaceable(hosts));
    CHECK(read_bytes(hosts) == old_hosts);
    CHECK(stat_of(hosts).st_ino == before.st_ino);
    CHECK(dir.names() == std::vector<std::string>{"hosts"});
}

TEST_CASE("overwrite_in_place keeps the inode and writes the exact bytes, shrinking and growing", "[platform]")
{
    TempDir dir;
    const fs::path hosts = dir.path / "hosts";
    write_bytes(hosts, old_hosts);
    REQUIRE(::chmod(hosts.c_str(), 0644) == 0);
    const struct stat before = stat_of(hosts);

    std::string big;
    while (big.size() < 3 * 64 * 1024 + 17)  // several chunks and a partial one
        big += "198.51.100.7 shop.example.jp\r\n";
    for (const std::string& bytes : {new_hosts, std::string("x"), big, old_hosts, std::string()}) {
        platform::overwrite_in_place(hosts, bytes);
        CHECK(read_bytes(hosts) == bytes);
        const struct stat after = stat_of(hosts);
        CHECK(after.st_ino == before.st_ino);
        CHECK(static_cast<std::size_t>(after.st_size) == bytes.size());
        CHECK((after.st_mode & 07777) == 0644);
    }
    CHECK(dir.names() == std::vector<std::string>{"hosts"});
}

TEST_CASE("remove_stale_temp_files removes only regular files with the exact temp name", "[platform]")
{
    TempDir dir;
    const fs::path hosts = dir.path / "hosts";
    write_bytes(hosts, old_hosts);
    const std::string stale1 = ".hosts.fshosts-tmp-Ab3dEf9hIjK0";
    const std::string stale2 = ".hosts.fshosts-tmp-zzzzzzzzzzzz";
    write_bytes(dir.path / stale1, "partial");
    write_bytes(dir.path / stale2, "");
    const std::vector<std::string> keep = {
        ".hosts.fshosts-tmp-Ab3dEf9hIjK",     // 11 characters
        ".hosts.fshosts-tmp-Ab3dEf9hIjK01",   // 13 characters
        ".hosts.fshosts-tmp-Ab3dEf9h-jK0",    // a character outside [A-Za-z0-9]
        ".hosts.fshosts-temp-Ab3dEf9hIjK0",   // a different marker
        ".other.fshosts-tmp-Ab3dEf9hIjK0",    // another file's temp
        "hosts.fshosts-tmp-Ab3dEf9hIjK0",     // no leading dot
    };
    for (const std::string& name : keep)
        write_bytes(dir.path / name, "keep");
    const std::string link = ".hosts.fshosts-tmp-LinkLinkLink";
    fs::create_symlink(hosts, dir.path / link);
    const std::string subdir = ".hosts.fshosts-tmp-DirDirDirDir";
    fs::create_directory(dir.path / subdir);

    std::vector<std::string> removed = platform::remove_stale_temp_files(hosts);
    std::sort(removed.begin(), removed.end());
    CHECK(removed == std::vector<std::string>{stale1, stale2});

    std::vector<std::string> expected = keep;
    expected.push_back(link);
    expected.push_back(subdir);
    expected.push_back("hosts");
    std::sort(expected.begin(), expected.end());
    CHECK(dir.names() == expected);
    CHECK(read_bytes(hosts) == old_hosts);
    CHECK(fs::is_symlink(dir.path / link));

    CHECK(platform::remove_stale_temp_files(hosts).empty());
    CHECK(platform::remove_stale_temp_files(dir.path / "no-such-dir" / "hosts").empty());
}

TEST_CASE("FileLock makes a second process wait until the first releases it", "[platform]")
{
    TempDir dir;
    const fs::path lock_file = dir.path / "state" / "sub" / "hosts.lock";
    int events[2];  // both processes write here; its order is the order things happened
    int go[2];
    REQUIRE(::pipe(events) == 0);
    REQUIRE(::pipe(go) == 0);

    // Fork before the parent locks, so the child holds no copy of the parent's descriptor.
    fshosts::test::Child child = fshosts::test::Child::fork([&] {
        ::close(events[0]);
        ::close(go[1]);
        char c = 0;
        if (::read(go[0], &c, 1) != 1)
            return 3;
        if (::write(events[1], "w", 1) != 1)  // about to ask for the lock
            return 3;
        try {
            platform::FileLock lock(lock_file);
            if (::write(events[1], "L", 1) != 1)
                return 3;
        } catch (...) {
            return 2;
        }
        return 0;
    });
    ::close(go[0]);

    {
        platform::FileLock lock(lock_file);
        CHECK((stat_of(lock_file).st_mode & 07777) == 0600);
        CHECK((stat_of(dir.path / "state").st_mode & 07777) == 0700);
        CHECK((stat_of(dir.path / "state" / "sub").st_mode & 07777) == 0700);
        REQUIRE(::write(go[1], "g", 1) == 1);
        char c = 0;
        REQUIRE(::read(events[0], &c, 1) == 1);
        CHECK(c == 'w');
        // Give a broken lock the chance to let the child through; the order below is the check.
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        REQUIRE(::write(events[1], "R", 1) == 1);  // releasing now
    }
    ::close(events[1]);
    std::string rest;
    char c = 0;
    while (::read(events[0], &c, 1) == 1)
        rest.push_back(c);
    ::close(events[0]);
    ::close(go[1]);
    CHECK(child.wait() == 0);
    CHECK(rest == "RL");
}

TEST_CASE("write_private_file creates 0600 files in 0700 directories, atomically", "[platform]")
{
    TempDir dir;
    const fs::path file = dir.path / "state" / "backups" / "hosts.20260101.bak";
    const mode_t old_umask = ::umask(0);  // the modes must not depend on the umask
    struct RestoreUmask {
        mode_t m;
        ~RestoreUmask() { ::umask(m); }
    } restore{old_umask};

    platform::write_private_file(file, new_hosts);
    CHECK(read_bytes(file) == new_hosts);
    CHECK((stat_of(file).st_mode & 07777) == 0600);
    CHECK((stat_of(dir.path / "state").st_mode & 07777) == 0700);
    CHECK((stat_of(dir.path / "state" / "backups").st_mode & 07777) == 0700);

    platform::write_private_file(file, old_hosts);  // replaces an existing file
    CHECK(read_bytes(file) == old_hosts);
    CHECK((stat_of(file).st_mode & 07777) == 0600);
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(file.parent_path()))
        names.push_back(entry.path().filename().string());
    CHECK(names == std::vector<std::string>{file.filename().string()});

    // An existing directory keeps its mode: only the ones it creates are made private.
    REQUIRE(::chmod(dir.path.c_str(), 0755) == 0);
    platform::write_private_file(dir.path / "top", "x");
    CHECK((stat_of(dir.path).st_mode & 07777) == 0755);
}

TEST_CASE("user_state_dir honours an absolute XDG_STATE_HOME, else HOME", "[platform]")
{
    EnvGuard xdg("XDG_STATE_HOME");
    EnvGuard home("HOME");
    ::setenv("XDG_STATE_HOME", "/srv/state-home", 1);
    CHECK(platform::user_state_dir() == fs::path("/srv/state-home/fshosts"));
    ::setenv("XDG_STATE_HOME", "relative/state", 1);  // the XDG spec says to ignore it
    ::setenv("HOME", "/home/tester", 1);
    CHECK(platform::user_state_dir() == fs::path("/home/tester/.local/state/fshosts"));
    ::unsetenv("XDG_STATE_HOME");
    CHECK(platform::user_state_dir() == fs::path("/home/tester/.local/state/fshosts"));
    ::unsetenv("HOME");
    const fs::path from_passwd = platform::user_state_dir();
    CHECK(from_passwd.is_absolute());
    CHECK(from_passwd.filename() == "fshosts");
    CHECK(platform::system_state_dir() == fs::path("/var/lib/fshosts"));
}

TEST_CASE("acting_user names the real uid and the sudo and pkexec callers", "[platform]")
{
    EnvGuard sudo("SUDO_UID");
    EnvGuard pkexec("PKEXEC_UID");
    ::unsetenv("SUDO_UID");
    ::unsetenv("PKEXEC_UID");
    const std::string plain = platform::acting_user();
    CHECK(plain.rfind("uid=" + std::to_string(::getuid()), 0) == 0);
    if (::getuid() == 0)
        CHECK(plain == "uid=0(root)");

    ::setenv("SUDO_UID", "65534", 1);
    ::setenv("PKEXEC_UID", "4000000", 1);  // no such user: no name
    CHECK(platform::acting_user() == plain + " sudo_uid=65534(nobody) pkexec_uid=4000000");
    ::setenv("SUDO_UID", "12abc", 1);
    ::unsetenv("PKEXEC_UID");
    CHECK(platform::acting_user() == plain);
}

TEST_CASE("a bind-mounted file reports Busy, and in-place writing then works", "[platform][namespace]")
{
    TempDir dir;
    const fs::path hosts = dir.path / "hosts";
    const fs::path source = dir.path / "mounted-source";
    write_bytes(hosts, old_hosts);
    write_bytes(source, old_hosts);
    std::string result = in_mount_namespace([&]() -> std::string {
        if (::mount(source.c_str(), hosts.c_str(), nullptr, MS_BIND, nullptr) != 0)
            return "skip";
        if (platform::replace_file_atomically(hosts, new_hosts) != platform::ReplaceOutcome::Busy)
            return "not Busy";
        if (read_bytes(hosts) != old_hosts)
            return "content changed after Busy";
        for (const auto& entry : fs::directory_iterator(dir.path)) {
            if (entry.path().filename().string().find("fshosts-tmp") != std::string::npos)
                return "temp file left after Busy";
        }
        platform::overwrite_in_place(hosts, new_hosts);
        if (read_bytes(hosts) != new_hosts)
            return "in-place write wrong";
        return "ok";
    });
    if (result == "skip") {
        FSHOSTS_SKIP("no mount namespace here");
    }
    CHECK(result == "ok");
    CHECK(read_bytes(source) == new_hosts);  // the in-place write reached the mounted file
    CHECK(read_bytes(hosts) == old_hosts);   // outside the namespace nothing was mounted
}

TEST_CASE("a read-only file system and a full disk are refused with the original intact",
          "[platform][namespace]")
{
    TempDir dir;
    const fs::path mnt = dir.path / "mnt";
    fs::create_directory(mnt);
    std::string result = in_mount_namespace([&]() -> std::string {
        if (::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=64k,mode=0755") != 0)
            return "skip";
        const fs::path hosts = mnt / "hosts";
        write_bytes(hosts, old_hosts);
        if (read_bytes(hosts) != old_hosts)
            return "setup failed";

        // Full disk: the temp file cannot be written; the original stays, no temp is left.
        const std::string huge(256 * 1024, 'x');
        try {
            platform::replace_file_atomically(hosts, huge);
            return "full disk not reported";
        } catch (const Error& e) {
            if (e.kind() != ErrorKind::Io || !contains(e.what(), "No space left") || !contains(e.what(), hosts.string()))
                return std::string("full disk message: ") + e.what();
        }
        if (read_bytes(hosts) != old_hosts)
            return "content changed after ENOSPC";
        try {
            platform::overwrite_in_place(hosts, huge);  // the reservation fails first
            return "full disk not reported in place";
        } catch (const Error& e) {
            if (!contains(e.what(), "No space left"))
                return std::string("in-place full disk message: ") + e.what();
        }
        if (read_bytes(hosts) != old_hosts)
            return "content changed after in-place ENOSPC";
        for (const auto& entry : fs::directory_iterator(mnt)) {
            if (entry.path().filename() != "hosts")
                return "left behind: " + entry.path().filename().string();
        }

        if (::mount(nullptr, mnt.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) != 0)
            return "skip";
        for (const auto& call : std::vector<std::function<void()>>{
                 [&] { platform::check_replaceable(hosts); },
                 [&] { platform::replace_file_atomically(hosts, new_hosts); },
                 [&] { platform::overwrite_in_place(hosts, new_hosts); }}) {
            try {
                call();
                return "read-only file system not reported";
            } catch (const Error& e) {
                if (e.kind() != ErrorKind::Io || !contains(e.what(), "read-only file system"))
                    return std::string("read-only message: ") + e.what();
            }
        }
        return read_bytes(hosts) == old_hosts ? "ok" : "content changed on a read-only file system";
    });
    if (result == "skip") {
        FSHOSTS_SKIP("no mount namespace or tmpfs here");
    }
    CHECK(result == "ok");
}

TEST_CASE("FileLock held elsewhere: gives up after the wait with Error(Busy) naming the hosts file", "[platform][locks]")
{
    TempDir dir;
    const fs::path lock_file = dir.path / "state" / "lock";
    { platform::FileLock first(lock_file); }  // creates it
    fshosts::test::LockHolder holder({lock_file});
    const auto start = std::chrono::steady_clock::now();
    try {
        platform::FileLock lock(lock_file, dir.path / "hosts", std::chrono::milliseconds(300));
        FAIL("the lock was taken although another process holds it");
    } catch (const Error& e) {
        CHECK(e.kind() == fshosts::ErrorKind::Busy);
        CHECK(std::string(e.what()).find("Another program is changing the hosts file " + (dir.path / "hosts").string()) !=
              std::string::npos);
    }
    const auto took = std::chrono::steady_clock::now() - start;
    CHECK(took >= std::chrono::milliseconds(300));
    CHECK(took < std::chrono::seconds(3));
    holder.release();
    platform::FileLock lock(lock_file, dir.path / "hosts", std::chrono::milliseconds(300));  // free again
}

TEST_CASE("ContentLock held elsewhere: given up after the wait, without an error", "[platform][locks]")
{
    TempDir dir;
    const fs::path hosts = dir.path / "hosts";
    std::ofstream(hosts) << "127.0.0.1 localhost\n";
    {
        fshosts::test::LockHolder holder({hosts});
        const auto start = std::chrono::steady_clock::now();
        const platform::ContentLock lock(hosts, std::chrono::milliseconds(200));
        CHECK_FALSE(lock.held());
        CHECK(lock.timed_out());
        CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(3));
    }
    const platform::ContentLock lock(hosts, std::chrono::milliseconds(200));
    CHECK(lock.held());
    CHECK_FALSE(lock.timed_out());
}

TEST_CASE("FSHOSTS_LOCK_WAIT_MS can shorten the lock waits, never lengthen them", "[platform][locks]")
{
    ::setenv("FSHOSTS_LOCK_WAIT_MS", "250", 1);
    CHECK(platform::lock_wait_limit() == std::chrono::milliseconds(250));
    CHECK(platform::content_lock_wait_limit() == std::chrono::milliseconds(250));
    ::setenv("FSHOSTS_LOCK_WAIT_MS", "999999999", 1);
    CHECK(platform::lock_wait_limit() == platform::default_lock_wait);
    CHECK(platform::content_lock_wait_limit() == platform::default_content_lock_wait);
    ::setenv("FSHOSTS_LOCK_WAIT_MS", "-5", 1);
    CHECK(platform::lock_wait_limit() == platform::default_lock_wait);
    ::unsetenv("FSHOSTS_LOCK_WAIT_MS");
    CHECK(platform::lock_wait_limit() == std::chrono::seconds(10));
}

TEST_CASE("open_regular_file refuses FIFOs, devices and folders at once, and files over 64 MiB", "[platform][files]")
{
    TempDir dir;
    REQUIRE(::mkfifo((dir.path / "fifo").c_str(), 0600) == 0);
    fs::create_directory(dir.path / "folder");
    { std::ofstream big(dir.path / "big"); }
    fs::resize_file(dir.path / "big", platform::max_hosts_file_bytes + 1);
    { std::ofstream limit(dir.path / "limit"); }
    fs::resize_file(dir.path / "limit", platform::max_hosts_file_bytes);
    for (const fs::path& p : {dir.path / "fifo", fs::path("/dev/zero"), dir.path / "folder", dir.path / "big"}) {
        INFO(p);
        int err = 0;
        CHECK_THROWS_AS(platform::open_regular_file(p, err), Error);
    }
    int err = 0;
    std::FILE* f = platform::open_regular_file(dir.path / "limit", err);
    CHECK(f != nullptr);
    if (f)
        std::fclose(f);
    CHECK(platform::open_regular_file(dir.path / "missing", err) == nullptr);
    CHECK(err == ENOENT);
}
