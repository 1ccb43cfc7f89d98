// The writer and its state directory, for a --hosts-file target (the user's state directory;
// the system one is the same code, tested through the helper in tests/helper), on every OS:
// damaged journals are set aside and never replayed, backups stay bounded, a stale request after
// recovery is answered truthfully, and audit log lines hold no raw control or bidi characters
// and rotate. The cases that need POSIX modes, owners and symbolic links are in
// test_state_dir_posix.cpp.
#include "catch.h"
#include "core/state_dir_box.h"

#include "core/audit_log.h"
#include "core/backup_store.h"
#include "core/helper_protocol.h"
#include "core/hosts_writer.h"
#include "core/sha256.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace fshosts;
using namespace fshosts::test;

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
        make_private(t.journal_file());
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
        backup_id = writer.commit(s, state_test_original + "203.0.113.10 www.example.jp\n", ChangeInfo{"apply", {}, {}}).backup_id;
    }
    // An in-place write torn by a crash: the journal names the backup of the original.
    const std::string torn = "127.0.0.1 loc";
    write_all(box.hosts, torn);
    write_all(t.journal_file(), journal_for(t, backup_id, sha256_hex(state_test_original), std::string(64, 'd')).dump());
    make_private(t.journal_file());

    fshosts::HelperRequest request;
    request.operation = fshosts::HelperOperation::Revert;
    request.expected_hash = sha256_hex(torn);  // planned on what the caller saw before recovery
    const fshosts::HelperResponse response = fshosts::execute_helper_request(request, t);
    INFO(response.body.dump());
    CHECK(read_bytes(box.hosts) == state_test_original);  // recovery restored it
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


TEST_CASE("the audit log rotates when full: each older file moves up one name, the newest line in a new audit.log",
          "[statedir][audit]")
{
    Box box;
    fs::create_directories(box.state_home);
    const fs::path file = box.state_home / "audit.log";
    write_all(file, std::string(AuditLog::max_file_size, 'x'));
    write_all(box.state_home / "audit.1.log", "older\n");
    write_all(box.state_home / "audit.2.log", "oldest\n");
    for (const char* name : {"audit.log", "audit.1.log", "audit.2.log"})
        make_private(box.state_home / name);
    {
        AuditLog log(file, box.hosts);  // holds audit.log open while it rotates it
        log.record({"apply", {}, {}, {}, {}, {}, "ok"});
        log.record({"revert", {}, {}, {}, {}, {}, "ok"});
    }
    CHECK(read_bytes(box.state_home / "audit.1.log") == std::string(AuditLog::max_file_size, 'x'));
    CHECK(read_bytes(box.state_home / "audit.2.log") == "older\n");
    CHECK(read_bytes(box.state_home / "audit.3.log") == "oldest\n");
    const std::string current = read_bytes(file);
    CHECK(contains(current, "op=apply"));
    CHECK(contains(current, "op=revert"));
}
