// Backups and the audit log as a user relies on them: one backup per change with the right
// hash, the first one kept forever, exact restores, refusal of a damaged backup, and one audit
// line per change.
#include "catch.h"
#include "support.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <string>
#include <vector>

using namespace fshosts::test::rel;
using fshosts::test::ProcessResult;
using nlohmann::json;

namespace {

const std::string original_hosts =
    "# Copyright (c) 1993-2009 Microsoft Corp.\r\n"
    "#\r\n"
    "127.0.0.1       localhost\r\n"
    "10.0.0.5\tintranet.local   # office\r\n";

struct Fixture {
    TempDir work{"fshosts-backups"};
    fs::path hosts;
    fs::path state;
    Fixture()
    {
        fs::create_directory(work.path / "etc");
        hosts = work.path / "etc" / "hosts";
        state = work.path / "state";
        write_bytes(hosts, original_hosts);
    }
    ProcessResult run(const std::vector<std::string>& args) const { return run_fshosts(hosts, state, args); }
    json backups() const
    {
        const ProcessResult r = run({"backups", "--json"});
        INFO(r.out << r.err);
        REQUIRE(r.exit_code == 0);
        return json::parse(r.out).at("backups");
    }
    std::vector<std::string> audit_lines() const
    {
        std::vector<std::string> lines;
        std::ifstream in(state / "fshosts" / "audit.log");
        for (std::string line; std::getline(in, line);)
            lines.push_back(line);
        return lines;
    }
};

// A change as the test saw it: the bytes before and after and the backup the CLI reported.
struct Change {
    std::string before;
    std::string after;
    std::string backup_id;
};

// Runs a changing command with --json and records the change.
Change change(const Fixture& f, std::vector<std::string> args)
{
    args.push_back("--json");
    Change c;
    c.before = read_bytes(f.hosts);
    const ProcessResult r = f.run(args);
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    c.after = read_bytes(f.hosts);
    REQUIRE(c.after != c.before);
    c.backup_id = json::parse(r.out).at("backup_id").get<std::string>();
    REQUIRE_FALSE(c.backup_id.empty());
    return c;
}

// The shortest prefix of `id` that no other listed backup id starts with.
std::string unique_prefix(const json& list, const std::string& id)
{
    for (std::size_t n = 1; n <= id.size(); ++n) {
        const std::string prefix = id.substr(0, n);
        int matches = 0;
        for (const auto& b : list)
            matches += b.at("id").get<std::string>().rfind(prefix, 0) == 0 ? 1 : 0;
        if (matches == 1)
            return prefix;
    }
    return id;
}

}  // namespace

TEST_CASE("one backup per change with the right hash and restore by id or prefix puts back exact bytes",
          "[reliability][backups]")
{
    Fixture f;
    REQUIRE(f.backups().empty());
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // the test's own SHA-256

    std::vector<Change> changes;
    changes.push_back(change(f, {"apply", "--ip", "203.0.113.10", "www.example.jp"}));
    changes.push_back(change(f, {"apply", "--ip", "203.0.113.11", "--with-twin", "www.shop.example.jp"}));
    changes.push_back(change(f, {"revert", "www.example.jp"}));

    json list = f.backups();
    REQUIRE(list.size() == changes.size());
    for (std::size_t i = 0; i < changes.size(); ++i) {
        INFO("backup " << i);
        CHECK(list[i].at("id") == changes[i].backup_id);
        CHECK(list[i].at("sha256") == sha256_hex(changes[i].before));
        CHECK(list[i].at("size") == changes[i].before.size());
        CHECK(list[i].at("pristine") == (i == 0));
        CHECK(read_bytes(state_dir_of(f.state) / "backups" / (changes[i].backup_id + ".hosts")) == changes[i].before);
    }

    // Restore the state after the first apply by a unique prefix of its backup's id.
    const std::string second_id = changes[1].backup_id;
    const std::string prefix = unique_prefix(list, second_id);
    REQUIRE(prefix.size() < second_id.size());
    changes.push_back(change(f, {"restore", prefix}));
    CHECK(read_bytes(f.hosts) == changes[0].after);

    // Restore the pristine original by its full id; the restore itself was backed up.
    changes.push_back(change(f, {"restore", changes[0].backup_id}));
    CHECK(read_bytes(f.hosts) == original_hosts);
    list = f.backups();
    REQUIRE(list.size() == changes.size());
    CHECK(list[3].at("sha256") == sha256_hex(changes[3].before));
    CHECK(list[3].at("operation").get<std::string>().find("restore") != std::string::npos);
    CHECK(list[4].at("sha256") == sha256_hex(changes[4].before));
    CHECK(list[4].at("pristine") == false);

    // A bad or ambiguous id changes nothing and is exit 2.
    for (const std::string& bad : {std::string("19991231T000000.000000Z-deadbeef"), std::string("no-such-backup"),
                                   std::string(list[0].at("id").get<std::string>().substr(0, 1))}) {
        INFO("restore " << bad);
        const std::string before = read_bytes(f.hosts);
        const ProcessResult r = f.run({"restore", bad});
        INFO(r.out << r.err);
        CHECK(r.exit_code == 2);
        CHECK(read_bytes(f.hosts) == before);
        CHECK(f.backups().size() == changes.size());
    }

    // The audit log: one line per change, in order, with what was before and after.
    const std::vector<std::string> audit = f.audit_lines();
    REQUIRE(audit.size() == changes.size());
    const char* ops[] = {"op=apply", "op=apply", "op=revert", "op=\"restore ", "op=\"restore "};
    for (std::size_t i = 0; i < changes.size(); ++i) {
        INFO("audit line " << i << ": " << audit[i]);
        CHECK(contains(audit[i], ops[i]));
        CHECK(contains(audit[i], " before=" + sha256_hex(changes[i].before) + " "));
        CHECK(contains(audit[i], " after=" + sha256_hex(changes[i].after) + " "));
        CHECK(contains(audit[i], " backup=" + changes[i].backup_id + " "));
        CHECK(contains(audit[i], " file=" + f.hosts.string() + " "));
        CHECK(contains(audit[i], "result=ok"));
    }
}

TEST_CASE("after 60 changes the pristine backup and the newest 50 remain", "[reliability][backups]")
{
    Fixture f;
    std::vector<Change> changes;
    for (int i = 0; i < 60; ++i)
        changes.push_back(change(f, {"apply", "--ip", "203.0.113." + std::to_string(1 + i % 200),
                                     "site" + std::to_string(i) + ".example.jp"}));

    const json list = f.backups();
    REQUIRE(list.size() == 51U);
    CHECK(list[0].at("id") == changes[0].backup_id);
    CHECK(list[0].at("pristine") == true);
    CHECK(list[0].at("sha256") == sha256_hex(original_hosts));
    for (std::size_t i = 1; i < list.size(); ++i) {
        const Change& c = changes[i + 9];  // changes 10..59
        INFO("backup " << i);
        CHECK(list[i].at("id") == c.backup_id);
        CHECK(list[i].at("sha256") == sha256_hex(c.before));
        CHECK(list[i].at("pristine") == false);
    }
    std::size_t files = 0;
    for (const fs::directory_entry& e : fs::directory_iterator(state_dir_of(f.state) / "backups")) {
        (void)e;
        ++files;
    }
    CHECK(files == 102U);  // <id>.hosts + <id>.json each, nothing else

    // The original is still one command away.
    change(f, {"restore", changes[0].backup_id});
    CHECK(read_bytes(f.hosts) == original_hosts);
    CHECK(f.audit_lines().size() == 61U);
}

TEST_CASE("a backup whose bytes were tampered with is refused and nothing changes", "[reliability][backups]")
{
    Fixture f;
    const Change first = change(f, {"apply", "--ip", "203.0.113.10", "www.example.jp"});
    change(f, {"apply", "--ip", "203.0.113.11", "shop.example.jp"});
    const fs::path backup_file = state_dir_of(f.state) / "backups" / (first.backup_id + ".hosts");

    // Same size, one byte different: only the hash can tell.
    std::string bytes = read_bytes(backup_file);
    bytes[0] = bytes[0] == '#' ? ';' : '#';
    write_bytes(backup_file, bytes);

    const std::string before = read_bytes(f.hosts);
    const json list_before = f.backups();
    const std::size_t audit_before = f.audit_lines().size();
    const ProcessResult r = f.run({"restore", first.backup_id});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 5);
    CHECK(contains(r.err, first.backup_id));
    CHECK(contains(r.err, "damaged"));
    CHECK(read_bytes(f.hosts) == before);
    CHECK(f.backups() == list_before);
    CHECK(f.audit_lines().size() == audit_before);
    CHECK(temp_files_beside(f.hosts).empty());
}
