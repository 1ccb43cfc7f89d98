// platform::SecureDir: the checks of a state directory and its parents, and files reached only
// relative to it without following links. The hostile setups (another user's directory, a link
// to a victim file) need root for chown; the cases say SKIPPED otherwise (a failure as root).
#include "catch.h"
#include "support/file_bytes.h"
#include "support/skip.h"
#include "support/temp_dir.h"

#include "base/error.h"
#include "platform/secure_dir.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using fshosts::test::read_all;
using fshosts::test::write_all;
using fshosts::Error;
using fshosts::ErrorKind;
using fshosts::platform::SecureDir;

namespace {

constexpr uid_t nobody = 65534;

mode_t mode_of(const fs::path& p)
{
    struct stat st {};
    REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_mode & 07777;
}

// The refusal names the path and the problem, and is a permission error.
void check_refused(const fs::path& path, bool create, const std::string& where, const std::string& problem)
{
    try {
        SecureDir::open(path, create);
        FAIL("opened " << path << " although " << problem);
    } catch (const Error& e) {
        INFO(e.what());
        CHECK(e.kind() == ErrorKind::Permission);
        CHECK(std::string(e.what()).find(where) != std::string::npos);
        CHECK(std::string(e.what()).find(problem) != std::string::npos);
    }
}

}  // namespace

TEST_CASE("missing state directories are created private, below checked parents", "[platform][statedir]")
{
    fshosts::test::TempDir temp("fshosts-securedir");
    const fs::path state = temp.path / "a" / "b" / "fshosts";
    CHECK_FALSE(SecureDir::open(state, false).has_value());
    CHECK_FALSE(fs::exists(temp.path / "a"));  // without create nothing is made
    std::optional<SecureDir> dir = SecureDir::open(state, true);
    REQUIRE(dir);
    CHECK(dir->path() == state);
    for (const fs::path& p : {temp.path / "a", temp.path / "a" / "b", state})
        CHECK(mode_of(p) == 0700);
    std::optional<SecureDir> sub = dir->subdir("backups", true);
    REQUIRE(sub);
    CHECK(mode_of(state / "backups") == 0700);

    dir->write("journal.json", "{}\n");
    CHECK(mode_of(state / "journal.json") == 0600);
    CHECK(dir->read("journal.json") == std::optional<std::string>("{}\n"));
    CHECK_FALSE(dir->read("missing").has_value());
    dir->rename("journal.json", "journal.damaged-1");
    std::vector<std::string> names = dir->list();
    std::sort(names.begin(), names.end());
    CHECK(names == std::vector<std::string>{"backups", "journal.damaged-1"});
    CHECK(dir->remove("journal.damaged-1"));
    CHECK_FALSE(dir->remove("journal.damaged-1"));
}

TEST_CASE("a state directory others can write to, or that is a link, is refused and nothing is created", "[platform][statedir]")
{
    fshosts::test::TempDir temp("fshosts-securedir");
    const fs::path state = temp.path / "fshosts";
    fs::create_directory(state);

    ::chmod(state.c_str(), 0770);
    check_refused(state, true, state.string(), "can be written by other users");
    ::chmod(state.c_str(), 0702);
    check_refused(state, true, state.string(), "can be written by other users");
    // Even sticky is not enough for the state directory itself.
    ::chmod(state.c_str(), 01777);
    check_refused(state, true, state.string(), "can be written by other users");
    ::chmod(state.c_str(), 0700);

    // A subdirectory that is group-writable, or a link, is refused the same way.
    SecureDir dir = std::move(*SecureDir::open(state, true));
    fs::create_directory(state / "backups");
    ::chmod((state / "backups").c_str(), 0770);
    CHECK_THROWS_AS(dir.subdir("backups", true), Error);
    fs::remove(state / "backups");
    fs::create_directory(temp.path / "elsewhere");
    fs::create_directory_symlink(temp.path / "elsewhere", state / "backups");
    try {
        dir.subdir("backups", true);
        FAIL("a link was followed");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("is a symbolic link") != std::string::npos);
    }

    // The state directory itself as a link.
    fs::create_directory_symlink(temp.path / "elsewhere", temp.path / "linked");
    check_refused(temp.path / "linked", true, (temp.path / "linked").string(), "is a symbolic link");
    // A link among the parents is resolved as the system resolves it, and every directory of the
    // resolved path is checked (a home directory may be a link); below the state directory's own
    // name nothing is followed.
    std::optional<SecureDir> below = SecureDir::open(temp.path / "linked" / "below", true);
    REQUIRE(below);
    CHECK(below->path() == temp.path / "elsewhere" / "below");
    ::chmod((temp.path / "elsewhere").c_str(), 0777);
    check_refused(temp.path / "linked" / "below", true, (temp.path / "elsewhere").string(), "can be written by other users");
}

TEST_CASE("parents: writable by others only with the sticky bit", "[platform][statedir]")
{
    fshosts::test::TempDir temp("fshosts-securedir");
    const fs::path parent = temp.path / "shared";
    fs::create_directory(parent);
    ::chmod(parent.c_str(), 0777);
    check_refused(parent / "fshosts", true, parent.string(), "can be written by other users");
    CHECK_FALSE(fs::exists(parent / "fshosts"));  // refused before anything was created
    ::chmod(parent.c_str(), 01777);               // as /tmp
    CHECK(SecureDir::open(parent / "fshosts", true).has_value());
}

TEST_CASE("directories and files of another user are refused", "[platform][statedir]")
{
    if (::geteuid() != 0)
        FSHOSTS_SKIP("needs root to give a directory to another user");
    fshosts::test::TempDir temp("fshosts-securedir");
    const fs::path state = temp.path / "fshosts";
    fs::create_directory(state);
    REQUIRE(::chown(state.c_str(), nobody, nobody) == 0);
    check_refused(state, true, state.string(), "belongs to another user (uid 65534)");
    check_refused(state / "backups", true, state.string(), "belongs to another user (uid 65534)");
    CHECK_FALSE(fs::exists(state / "backups"));
    // A parent of another user (who could swap the directory below it) is refused too.
    fs::create_directory(state / "below");
    check_refused(state / "below", true, state.string(), "belongs to another user");
    REQUIRE(::chown(state.c_str(), 0, 0) == 0);

    SecureDir dir = std::move(*SecureDir::open(state, true));
    write_all(state / "journal.json", "{}");
    REQUIRE(::chown((state / "journal.json").c_str(), nobody, nobody) == 0);
    CHECK_THROWS_AS(dir.read("journal.json"), Error);
    REQUIRE(::chown((state / "journal.json").c_str(), 0, 0) == 0);
    ::chmod((state / "journal.json").c_str(), 0620);
    CHECK_THROWS_AS(dir.read("journal.json"), Error);
    ::chmod((state / "journal.json").c_str(), 0600);
    CHECK(dir.read("journal.json") == std::optional<std::string>("{}"));
}

TEST_CASE("a link planted in the state directory is never followed: the victim keeps its bytes", "[platform][statedir]")
{
    fshosts::test::TempDir temp("fshosts-securedir");
    const fs::path state = temp.path / "fshosts";
    const fs::path victim = temp.path / "victim";
    const std::string victim_bytes = "root:x:0:0:root:/root:/bin/bash\n";
    write_all(victim, victim_bytes);
    SecureDir dir = std::move(*SecureDir::open(state, true));
    fs::create_symlink(victim, state / "audit.log");

    try {
        dir.open_append("audit.log");
        FAIL("appended through a link");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("is a symbolic link") != std::string::npos);
        CHECK(std::string(e.what()).find((state / "audit.log").string()) != std::string::npos);
    }
    CHECK_THROWS_AS(dir.read("audit.log"), Error);
    CHECK_FALSE(dir.is_file("audit.log"));
    // Writing a file of that name replaces the link (rename), the victim is not written.
    dir.write("audit.log", "ours\n");
    CHECK(read_all(victim) == victim_bytes);
    CHECK_FALSE(fs::is_symlink(state / "audit.log"));
    // Removing a link removes the link only.
    fs::remove(state / "audit.log");
    fs::create_symlink(victim, state / "sha256-x");
    CHECK(dir.remove("sha256-x"));
    CHECK(read_all(victim) == victim_bytes);

    // Appending to a real file works, one write per call.
    fs::remove(state / "audit.log");
    fshosts::platform::AppendFile log = dir.open_append("audit.log");
    log.write("line 1\n");
    log.write("line 2\n");
    CHECK(log.size() == 14U);
    CHECK(read_all(state / "audit.log") == "line 1\nline 2\n");
    CHECK(mode_of(state / "audit.log") == 0600);
}

TEST_CASE("stale temp files of a state file are removed in the directory that was checked, not in whatever "
          "its path names later",
          "[platform][statedir]")
{
    fshosts::test::TempDir temp("fshosts-securedir");
    const fs::path state = temp.path / "fshosts";
    SecureDir dir = std::move(*SecureDir::open(state, true));
    const std::string stale = ".journal.json.fshosts-tmp-Ab3dEf9hIjK0";
    const std::string other = ".audit.log.fshosts-tmp-Ab3dEf9hIjK0";  // another file's temp
    write_all(state / stale, "torn");
    write_all(state / other, "kept");
    write_all(state / "journal.json", "{}");
    fs::create_symlink(temp.path / "victim", state / ".journal.json.fshosts-tmp-LinkLinkLink");
    write_all(temp.path / "victim", "victim");

    // The checked directory moves away and another one takes its path, holding a file with a
    // temp name: that one belongs to someone else and stays.
    const fs::path moved = temp.path / "moved";
    fs::rename(state, moved);
    fs::create_directory(state);
    write_all(state / stale, "someone else's");

    const std::vector<std::string> removed = dir.remove_stale_temp_files("journal.json");
    CHECK(removed == std::vector<std::string>{stale});
    CHECK_FALSE(fs::exists(moved / stale));
    CHECK(read_all(moved / other) == "kept");
    CHECK(read_all(moved / "journal.json") == "{}");
    CHECK(fs::is_symlink(moved / ".journal.json.fshosts-tmp-LinkLinkLink"));  // a link is not a temp file of ours
    CHECK(read_all(temp.path / "victim") == "victim");
    CHECK(read_all(state / stale) == "someone else's");
}
