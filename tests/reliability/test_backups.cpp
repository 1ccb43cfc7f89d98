// Backups and the audit log as a user relies on them: one backup per change with the right
// hash, the first one kept forever, exact restores, refusal of a damaged backup, and one audit
// line per change.
#include "catch.h"
#include "support.h"

#include <nlohmann/json.hpp>

#include <algorithm>
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

// Every file in the backup store, by name.
std::vector<std::string> store_files(const Fixture& f)
{
    std::vector<std::string> names;
    for (const fs::directory_entry& e : fs::directory_iterator(state_dir_of(f.state) / "backups"))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// The files holding backed-up contents: one per distinct content.
std::vector<std::string> content_files(const Fixture& f)
{
    std::vector<std::string> names;
    for (const std::string& name : store_files(f))
        if (name.rfind("sha256-", 0) == 0)
            names.push_back(name);
    return names;
}

// Where the store keeps `bytes`: named by their SHA-256.
fs::path content_file(const Fixture& f, const std::string& bytes)
{
    return state_dir_of(f.state) / "backups" / ("sha256-" + sha256_hex(bytes));
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
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");  // FIPS 180-2 example

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
        CHECK(read_bytes(content_file(f, changes[i].before)) == changes[i].before);
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
    // 51 different contents, each stored once, and the index; nothing else.
    CHECK(store_files(f).size() == 52U);
    CHECK(content_files(f).size() == 51U);

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
    const fs::path backup_file = content_file(f, first.before);

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

TEST_CASE("apply and revert cycles store each content once", "[reliability][backups]")
{
    Fixture f;
    std::vector<Change> changes;
    for (int cycle = 0; cycle < 5; ++cycle) {
        changes.push_back(change(f, {"apply", "--ip", "203.0.113.10", "www.example.jp"}));
        changes.push_back(change(f, {"revert", "www.example.jp"}));
    }
    const std::string applied = changes[0].after;

    // Every change is listed as a backup of its own ...
    const json list = f.backups();
    REQUIRE(list.size() == changes.size());
    for (std::size_t i = 0; i < list.size(); ++i)
        CHECK(list[i].at("id") == changes[i].backup_id);
    // ... but the store holds the two contents once each, and its index.
    std::vector<std::string> expected{"sha256-" + sha256_hex(original_hosts), "sha256-" + sha256_hex(applied)};
    std::sort(expected.begin(), expected.end());
    CHECK(content_files(f) == expected);
    CHECK(store_files(f).size() == 3U);

    // Backups that share a content restore it exactly.
    change(f, {"restore", changes[3].backup_id});  // taken before the second revert
    CHECK(read_bytes(f.hosts) == applied);
    change(f, {"restore", changes[0].backup_id});
    CHECK(read_bytes(f.hosts) == original_hosts);
    CHECK(store_files(f).size() == 3U);
}

TEST_CASE("backups kept in the old one-copy-per-backup layout are listed, restored and carried over",
          "[reliability][backups]")
{
    Fixture f;
    // Any run that takes the lock creates the state directory; this one changes nothing.
    REQUIRE(f.run({"revert", "never-applied.example.jp"}).exit_code == 0);
    const fs::path dir = state_dir_of(f.state) / "backups";
    fs::create_directory(dir);

    // What an earlier fshosts wrote: <id>.hosts with the bytes, <id>.json describing them, and
    // the bytes of a save interrupted before its metadata.
    struct Old {
        std::string id;
        std::string bytes;
        bool pristine;
    };
    const std::vector<Old> old{{"20250101T090000.000001Z-aaaaaaaa", "127.0.0.1 localhost\n", true},
                               {"20250102T090000.000002Z-bbbbbbbb", "127.0.0.1 localhost\n10.0.0.9 old.example.jp\n", false}};
    for (const Old& o : old) {
        write_bytes(dir / (o.id + ".hosts"), o.bytes);
        const json meta{{"id", o.id},          {"time", "2025-01-01T09:00:00.000001Z"}, {"size", o.bytes.size()},
                        {"sha256", sha256_hex(o.bytes)}, {"operation", "apply old.example.jp 10.0.0.9"},
                        {"pristine", o.pristine},      {"hosts_file", f.hosts.string()}};
        write_bytes(dir / (o.id + ".json"), meta.dump(2) + "\n");
    }
    write_bytes(dir / "20250103T090000.000003Z-cccccccc.hosts", "interrupted\n");

    json list = f.backups();
    REQUIRE(list.size() == 2U);
    for (std::size_t i = 0; i < old.size(); ++i) {
        CHECK(list[i].at("id") == old[i].id);
        CHECK(list[i].at("sha256") == sha256_hex(old[i].bytes));
        CHECK(list[i].at("pristine") == old[i].pristine);
    }

    // Restoring takes a backup in the new layout and carries the old ones into the index.
    change(f, {"restore", old[1].id});
    CHECK(read_bytes(f.hosts) == old[1].bytes);
    list = f.backups();
    REQUIRE(list.size() == 3U);
    CHECK(list[0].at("id") == old[0].id);
    CHECK(list[0].at("pristine") == true);
    CHECK(list[1].at("id") == old[1].id);
    CHECK(list[2].at("sha256") == sha256_hex(original_hosts));
    CHECK(list[2].at("pristine") == false);
    for (const std::string& name : store_files(f)) {
        INFO(name);
        CHECK(name.find(".json") == std::string::npos);  // the index replaced the metadata files
        CHECK(name.find("cccccccc") == std::string::npos);  // the interrupted save is gone
    }

    // The old contents are still restored byte for byte.
    change(f, {"restore", old[0].id.substr(0, 10)});
    CHECK(read_bytes(f.hosts) == old[0].bytes);
    change(f, {"restore", list[2].at("id").get<std::string>()});
    CHECK(read_bytes(f.hosts) == original_hosts);
    CHECK(f.backups().size() == 5U);
}

TEST_CASE("a damaged backup index stops changes with exit 5 and no backup is deleted", "[reliability][backups]")
{
    Fixture f;
    const Change first = change(f, {"apply", "--ip", "203.0.113.10", "www.example.jp"});
    change(f, {"revert", "www.example.jp"});
    const fs::path index = state_dir_of(f.state) / "backups" / "index";
    REQUIRE(fs::exists(index));
    write_bytes(index, "{\"format\": 2, \"backups\": [");  // cut short by something outside fshosts
    const std::vector<std::string> contents = content_files(f);
    REQUIRE(contents.size() == 2U);

    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"apply", "--ip", "203.0.113.11", "shop.example.jp"}, std::vector<std::string>{"backups"}}) {
        INFO(args.front());
        const std::string before = read_bytes(f.hosts);
        const ProcessResult r = f.run(args);
        INFO(r.out << r.err);
        CHECK(r.exit_code == 5);
        CHECK(contains(r.err, index.string()));
        CHECK(read_bytes(f.hosts) == before);
        CHECK(content_files(f) == contents);
    }

    // Moving the folder away, as the message says, starts afresh and keeps the old contents.
    const fs::path dir = index.parent_path();
    const fs::path moved = dir.string() + ".damaged";
    fs::rename(dir, moved);
    change(f, {"apply", "--ip", "203.0.113.11", "shop.example.jp"});
    CHECK(f.backups().size() == 1U);
    CHECK(read_bytes(moved / ("sha256-" + sha256_hex(first.before))) == first.before);
    CHECK(read_bytes(moved / ("sha256-" + sha256_hex(first.after))) == first.after);
}
