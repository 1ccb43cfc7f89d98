// The writer and its state directory under attack where POSIX modes, owners and symbolic links
// exist (the cases every OS runs are in test_state_dir.cpp): an unsafe state directory is
// refused with nothing changed, links planted in it are never followed, journals of another
// user are set aside. Cases that give files to another user need root (chown) and say SKIPPED
// otherwise.
#include "catch.h"
#include "core/state_dir_box.h"
#include "support/skip.h"

#include "base/error.h"
#include "core/audit_log.h"
#include "core/backup_store.h"
#include "core/hosts_writer.h"
#include "core/sha256.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using namespace fshosts;
using namespace fshosts::test;
using nlohmann::json;

namespace {

constexpr uid_t nobody = 65534;

// Construction refuses with a permission error naming `where` and `problem`; the hosts file keeps
// its bytes.
void check_writer_refused(const Box& box, const std::string& where, const std::string& problem)
{
    const std::string before = read_bytes(box.hosts);
    try {
        HostsWriter writer(box.target());
        FAIL("the writer accepted an unsafe state directory");
    } catch (const Error& e) {
        INFO(e.what());
        CHECK(e.kind() == ErrorKind::Permission);
        CHECK(contains(e.what(), where));
        CHECK(contains(e.what(), problem));
        CHECK(contains(e.what(), "Nothing was changed"));
    }
    CHECK(read_bytes(box.hosts) == before);
}

}  // namespace

TEST_CASE("a user state directory others can write to is refused, the hosts file untouched", "[statedir]")
{
    Box box;
    box.apply("203.0.113.10 www.example.jp\n");
    const fs::path user = box.state_home / "fshosts";
    ::chmod(user.c_str(), 0770);
    check_writer_refused(box, user.string(), "can be written by other users");
    ::chmod(user.c_str(), 0700);
    ::chmod(box.target().backup_dir().c_str(), 0777);
    check_writer_refused(box, box.target().backup_dir().string(), "can be written by other users");
}

TEST_CASE("a user state directory of another user is refused", "[statedir]")
{
    if (::geteuid() != 0)
        FSHOSTS_SKIP("needs root to give the state directory to another user");
    Box box;
    fs::create_directories(box.state_home / "fshosts");
    REQUIRE(::chown((box.state_home / "fshosts").c_str(), nobody, nobody) == 0);
    check_writer_refused(box, (box.state_home / "fshosts").string(), "belongs to another user (uid 65534)");
    CHECK_FALSE(fs::exists(box.state_home / "fshosts" / "files"));  // nothing created in it
}

TEST_CASE("a symlinked audit log is not appended to: the victim keeps its bytes, nothing is written", "[statedir]")
{
    Box box;
    const fs::path victim = box.temp.path / "victim";
    write_all(victim, "precious\n");
    fs::create_directories(box.state_home / "fshosts");
    ::chmod((box.state_home / "fshosts").c_str(), 0700);
    fs::create_symlink(victim, box.state_home / "fshosts" / "audit.log");
    try {
        box.apply("203.0.113.10 www.example.jp\n");
        FAIL("applied with a symlinked audit log");
    } catch (const Error& e) {
        CHECK(contains(e.what(), "audit.log"));
        CHECK(contains(e.what(), "is a symbolic link"));
    }
    CHECK(read_bytes(victim) == "precious\n");
    CHECK(read_bytes(box.hosts) == fshosts::test::state_test_original);
}

TEST_CASE("a lock file replaced by a link or by a file others can write is not used", "[statedir][locks]")
{
    Box box;
    box.apply("203.0.113.10 www.example.jp\n");  // creates the state directory and its lock file
    const std::string applied = read_bytes(box.hosts);
    fs::path lock;
    for (const auto& e : fs::recursive_directory_iterator(box.state_home / "fshosts"))
        if (e.path().filename() == "lock")
            lock = e.path();
    REQUIRE_FALSE(lock.empty());
    const fs::path victim = box.temp.path / "victim";
    write_all(victim, "precious\n");

    fs::remove(lock);
    fs::create_symlink(victim, lock);
    CHECK_THROWS_AS(box.apply("203.0.113.11 shop.example.jp\n"), Error);
    CHECK(read_bytes(victim) == "precious\n");
    CHECK(read_bytes(box.hosts) == applied);

    fs::remove(lock);
    write_all(lock, "");
    ::chmod(lock.c_str(), 0666);
    try {
        box.apply("203.0.113.11 shop.example.jp\n");
        FAIL("used a lock file others can write");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::Permission);
        CHECK(contains(e.what(), lock.string()));
    }
    CHECK(read_bytes(box.hosts) == applied);
}

TEST_CASE("a symlinked backups directory is refused: nothing pruned or written where it points", "[statedir]")
{
    Box box;
    box.apply("203.0.113.10 www.example.jp\n");
    const Target t = box.target();
    const fs::path elsewhere = box.temp.path / "elsewhere";
    fs::create_directory(elsewhere);
    // Files prune() would remove if it listed this directory.
    const std::string orphan = "sha256-" + std::string(64, 'a');
    write_all(elsewhere / orphan, "someone's file\n");
    write_all(elsewhere / "old.hosts", "someone's other file\n");
    fs::remove_all(t.backup_dir());
    fs::create_directory_symlink(elsewhere, t.backup_dir());
    const std::string before = read_bytes(box.hosts);
    for (int i = 0; i < 3; ++i) {
        CHECK_THROWS_AS(box.apply("203.0.113.11 shop.example.jp\n"), Error);
    }
    CHECK(read_bytes(elsewhere / orphan) == "someone's file\n");
    CHECK(read_bytes(elsewhere / "old.hosts") == "someone's other file\n");
    CHECK(box.count(elsewhere, "") == 2U);
    CHECK(read_bytes(box.hosts) == before);
}

TEST_CASE("a journal of another user naming an attacker's backup is set aside, never replayed", "[statedir]")
{
    if (::geteuid() != 0)
        FSHOSTS_SKIP("needs root to plant files of another user");
    Box box;
    box.apply("203.0.113.10 www.example.jp\n");
    const Target t = box.target();
    const std::string current = read_bytes(box.hosts);

    // The attacker's content, stored as a backup file of theirs and named by the index (as a
    // group-writable directory once allowed), and a journal of theirs naming it.
    const std::string evil = "203.0.113.66 bank.example\n";
    const std::string evil_hash = sha256_hex(evil);
    write_all(t.backup_dir() / ("sha256-" + evil_hash), evil);
    REQUIRE(::chown((t.backup_dir() / ("sha256-" + evil_hash)).c_str(), nobody, nobody) == 0);
    json index = json::parse(read_bytes(t.backup_dir() / "index"));
    index["backups"].push_back({{"id", "29991231T000000.000000Z-evil"}, {"time", "2999-12-31T00:00:00.000000Z"},
                                {"size", evil.size()}, {"sha256", evil_hash}, {"operation", "apply"},
                                {"pristine", false}, {"file", "sha256-" + evil_hash}});
    write_all(t.backup_dir() / "index", index.dump());
    ::chmod((t.backup_dir() / "index").c_str(), 0600);
    write_all(t.journal_file(), journal_for(t, "29991231T000000.000000Z-evil", evil_hash, std::string(64, '0')).dump());
    REQUIRE(::chown(t.journal_file().c_str(), nobody, nobody) == 0);

    std::string notes;
    {
        HostsWriter writer(t);  // one writer at a time: the second would wait for this one's lock
        notes = joined(writer.recovery_notes());
    }
    CHECK(read_bytes(box.hosts) == current);
    INFO(notes);
    CHECK(contains(notes, "could not be used"));
    CHECK(contains(notes, "belongs to another user"));
    CHECK(contains(notes, "set aside as"));
    CHECK(contains(notes, "recovery did not change the hosts file"));
    CHECK_FALSE(fs::exists(t.journal_file()));
    CHECK(box.count(t.state_dir, "journal.damaged-") == 1U);

    // A journal of ours naming that backup: the backup itself is refused (another user's file).
    write_all(t.journal_file(), journal_for(t, "29991231T000000.000000Z-evil", evil_hash, std::string(64, '0')).dump());
    ::chmod(t.journal_file().c_str(), 0600);
    HostsWriter again(t);
    CHECK(read_bytes(box.hosts) == current);
    CHECK(contains(joined(again.recovery_notes()), "which is missing or damaged"));
}

TEST_CASE("a symlinked journal is set aside, not read through", "[statedir]")
{
    Box box;
    box.apply("203.0.113.10 www.example.jp\n");
    const Target t = box.target();
    const fs::path victim = box.temp.path / "victim.json";
    write_all(victim, "{}");
    fs::create_symlink(victim, t.journal_file());
    HostsWriter writer(t);
    CHECK(contains(joined(writer.recovery_notes()), "is a symbolic link"));
    CHECK(read_bytes(victim) == "{}");
    CHECK_FALSE(fs::exists(t.journal_file()));
}

TEST_CASE("the audit log rotates by renaming inside its directory, never through a link", "[statedir][audit]")
{
    Box box;
    fs::create_directories(box.state_home);
    const fs::path file = box.state_home / "audit.log";
    const fs::path victim = box.temp.path / "victim";
    write_all(victim, "precious\n");
    fs::create_symlink(victim, box.state_home / "audit.2.log");
    write_all(file, std::string(AuditLog::max_file_size, 'x'));
    ::chmod(file.c_str(), 0600);
    write_all(box.state_home / "audit.1.log", "older\n");
    ::chmod((box.state_home / "audit.1.log").c_str(), 0600);
    {
        AuditLog log(file, box.hosts);
        log.record({"apply", {}, {}, {}, {}, {}, "ok"});
    }
    CHECK(read_bytes(victim) == "precious\n");
    CHECK(read_bytes(box.state_home / "audit.2.log") == "older\n");  // the link was replaced by the rename
    CHECK(read_bytes(box.state_home / "audit.1.log").size() == AuditLog::max_file_size);
    CHECK(contains(read_bytes(file), "op=apply"));
}
