// The writer and its state directory under attack, for a --hosts-file target (the user's state
// directory; the system one is the same code, tested through the helper in tests/helper): an
// unsafe state directory is refused with nothing changed, links planted in it are never
// followed, untrusted or damaged journals are set aside and never replayed, backups stay
// bounded, and audit log lines hold no raw control or bidi characters. Cases that give files to
// another user need root (chown) and say SKIPPED otherwise.
#include "catch.h"
#include "support/skip.h"
#include "support/temp_dir.h"
#include "text/test_support.h"

#include "base/error.h"
#include "core/audit_log.h"
#include "core/backup_store.h"
#include "core/helper_protocol.h"
#include "core/hosts_writer.h"
#include "core/sha256.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

namespace fs = std::filesystem;
using fshosts::AuditLog;
using fshosts::ChangeInfo;
using fshosts::Error;
using fshosts::ErrorKind;
using fshosts::HostsWriter;
using fshosts::sha256_hex;
using fshosts::Target;
using fshosts::test::read_bytes;
using nlohmann::json;

namespace {

constexpr uid_t nobody = 65534;
const std::string original = "127.0.0.1 localhost\n# keep me\n";

void write_all(const fs::path& p, const std::string& bytes) { std::ofstream(p, std::ios::binary | std::ios::trunc) << bytes; }

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A hosts file in a temp dir, XDG_STATE_HOME pointing into it.
struct Box {
    fshosts::test::TempDir temp{"fshosts-statedir"};
    fs::path hosts = temp.path / "hosts";
    fs::path state_home = temp.path / "state";
    std::optional<std::string> old_state;
    Box()
    {
        write_all(hosts, original);
        if (const char* s = std::getenv("XDG_STATE_HOME"))
            old_state = s;
        ::setenv("XDG_STATE_HOME", state_home.c_str(), 1);
    }
    ~Box()
    {
        if (old_state)
            ::setenv("XDG_STATE_HOME", old_state->c_str(), 1);
        else
            ::unsetenv("XDG_STATE_HOME");
    }
    Target target() const { return Target::for_file(hosts); }
    // One apply through the writer; returns its recovery notes.
    std::vector<std::string> apply(const std::string& line)
    {
        HostsWriter writer(target());
        const fshosts::Snapshot s = writer.snapshot();
        writer.commit(s, std::string(s.bytes.view()) + line, ChangeInfo{"apply", {"www.example.jp"}, "203.0.113.10"});
        return writer.recovery_notes();
    }
    std::size_t count(const fs::path& dir, const std::string& prefix) const
    {
        std::size_t n = 0;
        std::error_code ec;
        for (const fs::directory_entry& e : fs::directory_iterator(dir, ec))
            n += e.path().filename().string().rfind(prefix, 0) == 0 ? 1U : 0U;
        return n;
    }
};

std::string joined(const std::vector<std::string>& notes)
{
    std::string out;
    for (const std::string& n : notes)
        out += n + "\n";
    return out;
}

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

json journal_for(const Target& t, const std::string& backup_id, const std::string& before, const std::string& after)
{
    return json{{"hosts_file", t.hosts.string()}, {"backup_id", backup_id}, {"hash_before", before}, {"hash_after", after}};
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
    CHECK(read_bytes(box.hosts) == original);
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

TEST_CASE("50 runs with a damaged journal: every change goes through, backups and set-aside journals stay bounded",
          "[statedir]")
{
    Box box;
    box.apply("203.0.113.10 www.example.jp\n");
    const Target t = box.target();
    for (int i = 0; i < 50; ++i) {
        // Alternately garbage, and a well-formed journal naming a backup that does not exist.
        if (i % 2 == 0)
            write_all(t.journal_file(), "{\"backup_id\": tr");
        else
            write_all(t.journal_file(), journal_for(t, "20000101T000000.000000Z-missing", std::string(64, 'b'),
                                                    std::string(64, 'c')).dump());
        ::chmod(t.journal_file().c_str(), 0600);
        const std::string before = read_bytes(box.hosts);
        const std::vector<std::string> notes = box.apply("10.0.0." + std::to_string(i) + " n" + std::to_string(i) + ".example\n");
        INFO("run " << i << ": " << joined(notes));
        CHECK(contains(joined(notes), "set aside"));
        CHECK(read_bytes(box.hosts).size() > before.size());  // the change itself was made
    }
    CHECK(box.count(t.state_dir, "journal.damaged-") == HostsWriter::max_damaged_journals);
    // The newest 50 plus the pristine one, whatever the journals said.
    CHECK(fshosts::BackupStore(t.backup_dir(), t.hosts).list().size() == fshosts::BackupStore::default_keep + 1);
    CHECK(box.count(t.backup_dir(), "sha256-") <= fshosts::BackupStore::default_keep + 1);
}

TEST_CASE("after recovery wrote the file, a stale request is not answered with 'nothing was written'", "[statedir]")
{
    Box box;
    const Target t = box.target();
    std::string backup_id;
    {
        HostsWriter writer(t);
        const fshosts::Snapshot s = writer.snapshot();
        backup_id = writer.commit(s, original + "203.0.113.10 www.example.jp\n", ChangeInfo{"apply", {}, {}}).backup_id;
    }
    // An in-place write torn by a crash: the journal names the backup of `original`.
    const std::string torn = "127.0.0.1 loc";
    write_all(box.hosts, torn);
    write_all(t.journal_file(), journal_for(t, backup_id, sha256_hex(original), std::string(64, 'd')).dump());
    ::chmod(t.journal_file().c_str(), 0600);

    fshosts::HelperRequest request;
    request.operation = fshosts::HelperOperation::Revert;
    request.expected_hash = sha256_hex(torn);  // planned on what the caller saw before recovery
    const fshosts::HelperResponse response = fshosts::execute_helper_request(request, t);
    INFO(response.body.dump());
    CHECK(read_bytes(box.hosts) == original);  // recovery restored it
    REQUIRE(response.body["ok"] == false);
    const std::string message = response.body["error"]["message"].get<std::string>();
    CHECK_FALSE(contains(message, "Nothing was written"));
    CHECK(contains(message, "restored from backup " + backup_id));
    CHECK(contains(message, "Your change was not made"));
}

TEST_CASE("audit log fields carry no raw control, line-separator or bidi characters", "[statedir][audit]")
{
    Box box;
    fs::create_directories(box.state_home);
    const fs::path file = box.state_home / "audit.log";
    {
        AuditLog log(file, box.temp.path / "ho\nsts\u202E");
        log.record({"apply", {"a\nb", "c\u2028d", "e\u2029f", "g\xc2\x85h", "\u202Eevil", "t\tab", "\x1b[31m"}, "1.2.3.4\r",
                    "", "", "", "error: line one\nline two \xff"});
    }
    const std::string text = read_bytes(file);
    INFO(text);
    REQUIRE(!text.empty());
    CHECK(text.find('\n') == text.size() - 1);  // one line
    for (const char c : text.substr(0, text.size() - 1))
        CHECK((static_cast<unsigned char>(c) >= 0x20 && c != 0x7f));
    for (const char* hazard : {"\u2028", "\u2029", "\xc2\x85", "\u202E", "\xff"})
        CHECK_FALSE(contains(text, hazard));
    CHECK(contains(text, "a\\x0Ab"));
    CHECK(contains(text, "c\\u2028d"));
    CHECK(contains(text, "\\u202Eevil"));
    CHECK(contains(text, "result=\"error: line one\\x0Aline two \\xFF\""));
}

TEST_CASE("the audit log viewer's text shows odd bytes escaped, every line kept", "[statedir][audit]")
{
    static const char raw[] = "ok line\nbad \xff\xfe bytes\nnul \0 here\n\u202Eflipped\ntail";
    const std::string bytes(raw, sizeof raw - 1);
    const std::string shown = AuditLog::display_text(bytes);
    INFO(shown);
    CHECK(shown == "ok line\nbad \\xFF\\xFE bytes\nnul \\x00 here\n\\u202Eflipped\ntail");
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
