// The writer in-process: compare-and-swap, backups before every change, restore, audit log.
#include "catch.h"
#include "support/temp_dir.h"
#include "support/user_state.h"
#include "text/test_support.h"

#include "base/error.h"
#include "core/hosts_writer.h"
#include "core/sha256.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace fs = std::filesystem;
using fshosts::ChangeInfo;
using fshosts::Error;
using fshosts::ErrorKind;
using fshosts::HostsWriter;
using fshosts::sha256_hex;
using fshosts::Target;
using fshosts::test::read_bytes;

namespace {

void write_bytes(const fs::path& p, const std::string& bytes)
{
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// A temp dir with a hosts file; the user's state directory in it where the OS allows
// (support/user_state.h).
struct Sandbox {
    fshosts::test::TempDir temp{"fshosts-writer"};
    fs::path dir = temp.path;
    fs::path hosts = dir / "hosts";
    fshosts::test::UserStateHome state{dir / "state"};
    explicit Sandbox(const std::string& content) { write_bytes(hosts, content); }
    ~Sandbox() { state.forget(hosts); }
    Sandbox(const Sandbox&) = delete;
    Sandbox& operator=(const Sandbox&) = delete;
};

}  // namespace

TEST_CASE("the state for a --hosts-file target lives in the user's state directory", "[writer]")
{
    Sandbox box("127.0.0.1 localhost\n");
    Target t = Target::for_file(box.hosts);
    CHECK(t.hosts == box.hosts);
    CHECK(t.state_dir.parent_path() == box.state.dir() / "files");
    CHECK(t.audit_log == box.state.dir() / "audit.log");
    // One folder per file: another file gets another folder.
    CHECK(Target::for_file(box.dir / "other").state_dir != t.state_dir);
}

TEST_CASE("commit writes only when the file still has the planned content", "[writer]")
{
    const std::string original = "127.0.0.1 localhost\n";
    Sandbox box(original);
    HostsWriter writer(Target::for_file(box.hosts));
    const std::string planned_on = writer.read();
    CHECK(planned_on == original);

    // Another program edits the file between planning and writing.
    write_bytes(box.hosts, original + "10.0.0.1 someone-else.local\n");
    try {
        writer.commit(sha256_hex(planned_on), original + "203.0.113.10 www.example.jp\n", ChangeInfo{"apply", {"www.example.jp"}, "203.0.113.10"});
        FAIL("commit did not refuse");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::ChangedOnDisk);
        CHECK(std::string(e.what()).find(box.hosts.string()) != std::string::npos);
    }
    CHECK(read_bytes(box.hosts) == original + "10.0.0.1 someone-else.local\n");
    CHECK(writer.backups().list().empty());

    // Planned on the current content, the same change goes through and is backed up first.
    const std::string current = writer.read();
    auto result = writer.commit(sha256_hex(current), current + "203.0.113.10 www.example.jp\n",
                                ChangeInfo{"apply", {"www.example.jp"}, "203.0.113.10"});
    CHECK(read_bytes(box.hosts) == current + "203.0.113.10 www.example.jp\n");
    CHECK_FALSE(result.in_place);
    CHECK(result.hash_before == sha256_hex(current));
    auto backups = writer.backups().list();
    REQUIRE(backups.size() == 1);
    CHECK(backups[0].id == result.backup_id);
    CHECK(backups[0].pristine);
    CHECK(backups[0].sha256 == sha256_hex(current));
    CHECK(backups[0].operation == "apply www.example.jp 203.0.113.10");
    CHECK(writer.backups().load(backups[0]) == current);
}

TEST_CASE("restore puts back a backup's exact bytes and backs up what it replaces", "[writer]")
{
    const std::string original = "\xEF\xBB\xBF# \xE9\x96\x8B\xE7\x99\xBA\r\n127.0.0.1 localhost";
    Sandbox box(original);
    HostsWriter writer(Target::for_file(box.hosts));
    std::string a = writer.read();
    writer.commit(sha256_hex(a), a + "\r\n10.0.0.1 a.local\r\n", ChangeInfo{"apply", {"a.local"}, "10.0.0.1"});
    std::string b = writer.read();
    writer.commit(sha256_hex(b), b + "10.0.0.2 b.local\r\n", ChangeInfo{"apply", {"b.local"}, "10.0.0.2"});
    const std::string latest = writer.read();

    auto list = writer.backups().list();
    REQUIRE(list.size() == 2);
    auto restored = writer.restore(list[0].id.substr(0, 23));  // a unique prefix is enough (the timestamp)
    CHECK(read_bytes(box.hosts) == original);
    list = writer.backups().list();
    REQUIRE(list.size() == 3);
    CHECK(list.back().id == restored.backup_id);
    CHECK(writer.backups().load(list.back()) == latest);
    CHECK(list.back().operation.rfind("restore ", 0) == 0);

    CHECK_THROWS_AS(writer.restore("no-such-backup"), Error);

    // The audit log has one line per change, with hashes and the backup id.
    std::string audit = box.state.audit_since_start();
    CHECK(std::count(audit.begin(), audit.end(), '\n') == 3);
    CHECK(audit.find("op=apply") != std::string::npos);
    CHECK(audit.find("backup=" + list[0].id) != std::string::npos);
    CHECK(audit.find("before=" + sha256_hex(original)) != std::string::npos);
    CHECK(audit.find("result=ok") != std::string::npos);
}

TEST_CASE("retention keeps the newest 50 backups and the pristine one", "[writer]")
{
    Sandbox box("127.0.0.1 localhost\n");
    HostsWriter writer(Target::for_file(box.hosts));
    std::string first_id;
    for (int i = 0; i < 60; ++i) {
        std::string current = writer.read();
        auto r = writer.commit(sha256_hex(current), current + "10.0.0." + std::to_string(i) + " n" + std::to_string(i) + ".local\n",
                               ChangeInfo{"apply", {}, {}});
        if (i == 0)
            first_id = r.backup_id;
    }
    auto list = writer.backups().list();
    REQUIRE(list.size() == 51);
    CHECK(list[0].id == first_id);
    CHECK(list[0].pristine);
    CHECK(writer.backups().load(list[0]) == "127.0.0.1 localhost\n");
    CHECK_FALSE(list[1].pristine);
    // list[1] is the backup taken before change 11 (changes 1..10 were pruned).
    CHECK(writer.backups().load(list[1]).find("n9.local") != std::string::npos);
    CHECK(writer.backups().load(list[1]).find("n10.local") == std::string::npos);
    std::size_t files = 0;
    for (const auto& e : fs::directory_iterator(Target::for_file(box.hosts).backup_dir())) {
        (void)e;
        ++files;
    }
    CHECK(files == 51 + 1);  // 51 different contents, each stored once, and the index
}

TEST_CASE("an edit of the same size made after the snapshot is caught even with its time set back", "[writer]")
{
    const std::string original = "127.0.0.1 localhost\n10.0.0.1 a.local\n";
    Sandbox box(original);
    HostsWriter writer(Target::for_file(box.hosts));
    // Old enough that the writer trusts the file's stamp instead of hashing it again.
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    const fshosts::Snapshot planned_on = writer.snapshot();
    CHECK(planned_on.bytes.view() == original);
    CHECK(planned_on.sha256 == sha256_hex(original));

    // Another program changes one byte in place and puts the modification time back.
    const fs::file_time_type mtime = fs::last_write_time(box.hosts);
    std::string edited = original;
    edited[edited.size() - 2] = 'x';
    {
        std::fstream f(box.hosts, std::ios::binary | std::ios::in | std::ios::out);
        f.seekp(static_cast<std::streamoff>(edited.size() - 2));
        f.put('x');
    }
    fs::last_write_time(box.hosts, mtime);
    REQUIRE(read_bytes(box.hosts) == edited);

    try {
        writer.commit(planned_on, original + "203.0.113.10 www.example.jp\n", ChangeInfo{"apply", {"www.example.jp"}, "203.0.113.10"});
        FAIL("commit did not refuse");
    } catch (const Error& e) {
        CHECK(e.kind() == ErrorKind::ChangedOnDisk);
    }
    CHECK(read_bytes(box.hosts) == edited);
    CHECK(writer.backups().list().empty());

    // A snapshot of what is there now goes through.
    std::this_thread::sleep_for(std::chrono::milliseconds(120));
    const fshosts::Snapshot current = writer.snapshot();
    const auto result = writer.commit(current, edited + "203.0.113.10 www.example.jp\n", ChangeInfo{"apply", {"www.example.jp"}, "203.0.113.10"});
    CHECK(read_bytes(box.hosts) == edited + "203.0.113.10 www.example.jp\n");
    CHECK(result.hash_before == sha256_hex(edited));
    CHECK(result.hash_after == sha256_hex(edited + "203.0.113.10 www.example.jp\n"));
}

TEST_CASE("the system hosts file's backups are looked for in the helper's store and in the user's", "[writer][backups]")
{
    Sandbox box("127.0.0.1 localhost\n");
    const std::vector<fs::path> dirs = fshosts::backup_dirs(Target::system(), true);
    REQUIRE(dirs.size() == 2);
    CHECK(dirs[0] == Target::system().backup_dir());
    // The user's store of the system hosts file: where system_without_helper() keeps it.
    CHECK(dirs[1].parent_path().parent_path() == box.state.dir() / "files");
    // Any other file: its own store alone.
    const std::vector<fs::path> file_dirs = fshosts::backup_dirs(Target::for_file(box.hosts), false);
    REQUIRE(file_dirs.size() == 1);
    CHECK(file_dirs[0] == Target::for_file(box.hosts).backup_dir());
}

TEST_CASE("backups of one file in two stores are listed together with their folders, and either is restored",
          "[writer][backups]")
{
    const std::string original = "127.0.0.1 localhost\r\n";
    Sandbox box(original);
    // As on Windows: the helper's store (the system state directory) and the user's, which keeps
    // the backups of changes made without the helper.
    const fs::path system_state = box.dir / "system-state";
    const Target helpers{box.hosts, system_state, system_state / "audit.log", system_state};
    const Target users = Target::for_file(box.hosts);
    const auto change = [&](const Target& target, const std::string& line) {
        HostsWriter writer(target);
        const std::string current = writer.read();
        return writer.commit(sha256_hex(current), current + line, ChangeInfo{"apply", {}, {}}).backup_id;
    };
    const std::string by_helper = change(helpers, "203.0.113.10 www.example.jp\r\n");
    const std::string after_helper = read_bytes(box.hosts);
    const std::string by_user = change(users, "203.0.113.11 shop.example.jp\r\n");
    const std::string after_user = read_bytes(box.hosts);

    const std::vector<fshosts::StoredBackup> list = fshosts::list_backups({helpers.backup_dir(), users.backup_dir()}, box.hosts);
    REQUIRE(list.size() == 2);
    CHECK(list[0].info.id == by_helper);  // oldest first across the stores
    CHECK(list[0].backup_dir == helpers.backup_dir());
    CHECK(list[1].info.id == by_user);
    CHECK(list[1].backup_dir == users.backup_dir());
    CHECK(&fshosts::find_backup(list, by_user.substr(0, by_user.size() - 4)) == &list[1]);
    CHECK_THROWS_AS(fshosts::find_backup(list, "2"), Error);  // both ids start with the year: ambiguous
    CHECK_THROWS_AS(fshosts::find_backup(list, "no-such-backup"), Error);
    // A store that was never written adds nothing.
    CHECK(fshosts::list_backups({box.dir / "none" / "backups", users.backup_dir()}, box.hosts).size() == 1);
    // An extra store that cannot be opened (here a file where its folder should be) adds nothing;
    // the target's own store, listed first, must be readable.
    write_bytes(box.dir / "not-a-store", "x");
    CHECK(fshosts::list_backups({users.backup_dir(), box.dir / "not-a-store"}, box.hosts).size() == 1);
    CHECK_THROWS_AS(fshosts::list_backups({box.dir / "not-a-store", users.backup_dir()}, box.hosts), Error);

    // The helper's writer restores the user's backup (taken before the user's change) ...
    {
        HostsWriter writer(helpers);
        const auto result = writer.restore(fshosts::BackupStore(users.backup_dir(), box.hosts), by_user);
        CHECK(read_bytes(box.hosts) == after_helper);
        // ... and backs up what it replaced in its own store.
        const auto own = writer.backups().list();
        REQUIRE(own.size() == 2);
        CHECK(own.back().id == result.backup_id);
        CHECK(writer.backups().load(own.back()) == after_user);
        CHECK(own.back().operation == "restore " + by_user);
    }
    // ... and the user's writer the helper's: the original bytes.
    HostsWriter writer(users);
    writer.restore(fshosts::BackupStore(helpers.backup_dir(), box.hosts), by_helper);
    CHECK(read_bytes(box.hosts) == original);
}
