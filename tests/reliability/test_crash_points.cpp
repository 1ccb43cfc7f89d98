// SIGKILL at each named step of a write (fshosts-faults, FSHOSTS_FAULT_POINT): the hosts file
// is exactly the old or the new content, and the next normal run cleans up and says what it did.
#include "catch.h"
#include "support.h"

#include "core/helper_protocol.h"

#include <nlohmann/json.hpp>

#include <csignal>
#include <set>
#include <string>
#include <vector>

using namespace fshosts::test::rel;
using fshosts::test::ProcessResult;

namespace {

constexpr int killed = 128 + SIGKILL;
const std::vector<std::string> apply_args{"apply", "--ip", "203.0.113.10", "www.example.jp"};

const std::string small_hosts =
    "127.0.0.1\tlocalhost\n"
    "::1\t\tlocalhost ip6-localhost ip6-loopback\n"
    "# The following lines are desirable for IPv6 capable hosts\r\n"
    "ff02::1 ip6-allnodes\n"
    "\n"
    "192.168.10.20 intranet.local   # office\n";

// Larger than several 64 KiB chunks, with the managed block near the start: adding a name
// shifts every byte after it, so an in-place write stopped after its first chunk leaves a
// file that is neither the old nor the new content.
std::string large_hosts_with_early_block()
{
    std::string s = "127.0.0.1 localhost\n::1 localhost\n";
    s += std::string(block_begin) + "\n203.0.113.1 keep.example.jp\n" + std::string(block_end) + "\n";
    for (int i = 0; i < 8000; ++i)
        s += "10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250) + " host" + std::to_string(i) +
             ".lan.example.test" + (i % 7 == 0 ? "\r\n" : "\n");
    return s;
}

// The backup store right after a kill or a run: `backups --json` works and every backup it lists
// has its content file, named by its hash. Returns those file names.
std::set<std::string> check_store_consistent(const fs::path& hosts, const fs::path& state)
{
    const ProcessResult list = run_fshosts(hosts, state, {"backups", "--json"});
    INFO("backups: " << list.out << list.err);
    REQUIRE(list.exit_code == 0);
    std::set<std::string> listed;
    const nlohmann::json body = nlohmann::json::parse(list.out);
    for (const auto& b : body.at("backups")) {
        const std::string name = "sha256-" + b.at("sha256").get<std::string>();
        CHECK(read_bytes(state_dir_of(state) / "backups" / name).size() == b.at("size").get<std::size_t>());
        listed.insert(name);
    }
    return listed;
}

// The content files in the backup store.
std::set<std::string> content_files_in(const fs::path& state)
{
    std::set<std::string> names;
    std::error_code ec;
    for (const fs::directory_entry& e : fs::directory_iterator(state_dir_of(state) / "backups", ec))
        if (e.path().filename().string().rfind("sha256-", 0) == 0)
            names.insert(e.path().filename().string());
    return names;
}

struct Case {
    const char* point;
    bool file_is_new;  // after the kill
    bool temp_left;    // a temp file beside the hosts file after the kill
};

}  // namespace

TEST_CASE("a kill at each step of the atomic replace leaves the old or the new file", "[reliability][crash]")
{
    const std::string old_bytes = small_hosts;
    const std::string new_bytes = result_on_copy(old_bytes, apply_args);
    REQUIRE(new_bytes != old_bytes);

    // In the order the writer reaches them: backup (content, index, synced), then temp file, then rename.
    const std::vector<Case> cases{{"backup_content_written", false, false},
                                  {"backup_index_written", false, false},
                                  {"backup_saved", false, false},
                                  {"temp_created", false, true},
                                  {"temp_written", false, true},
                                  {"temp_synced", false, true},
                                  {"renamed", true, false}};
    for (const Case& c : cases) {
        INFO("fault point " << c.point);
        TempDir work("fshosts-points");
        fs::create_directory(work.path / "etc");
        const fs::path hosts = work.path / "etc" / "hosts";
        const fs::path state = work.path / "state";
        write_bytes(hosts, old_bytes);

        const ProcessResult crashed = run_fshosts(hosts, state, apply_args, faults_bin, c.point);
        INFO("crashed run: " << crashed.out << crashed.err);
        REQUIRE(crashed.exit_code == killed);
        CHECK(read_bytes(hosts) == (c.file_is_new ? new_bytes : old_bytes));
        const std::vector<std::string> left = temp_files_beside(hosts);
        CHECK(left.size() == (c.temp_left ? 1U : 0U));
        check_store_consistent(hosts, state);

        // The next normal run (the release binary) finishes the job and tidies up.
        const ProcessResult next = run_fshosts(hosts, state, apply_args);
        INFO("next run: " << next.out << next.err);
        REQUIRE(next.exit_code == 0);
        CHECK(temp_files_beside(hosts).empty());
        for (const std::string& name : left) {
            CHECK(contains(next.err, "Removed " + name));
            CHECK(contains(next.err, "The hosts file itself was not affected"));
        }
        if (left.empty())
            CHECK(next.err.empty());  // nothing was left behind, so there is nothing to report
        CHECK(read_bytes(hosts) == new_bytes);

        const ProcessResult revert = run_fshosts(hosts, state, {"revert"});
        INFO("revert: " << revert.out << revert.err);
        REQUIRE(revert.exit_code == 0);
        CHECK(read_bytes(hosts) == old_bytes);
        CHECK(temp_files_beside(hosts).empty());
        // After successful changes the store holds exactly the contents it lists, no leftovers.
        const std::set<std::string> listed = check_store_consistent(hosts, state);
        CHECK(listed == content_files_in(state));
        CHECK(listed.size() == 2U);  // the old and the new content
        CHECK(temp_files_under(state_dir_of(state)).empty());
    }
}

TEST_CASE("a kill during the in-place rewrite of a bind-mounted file is finished or undone by the next run",
          "[reliability][crash][root]")
{
    if (!is_root())
        FSHOSTS_SKIP("needs root for a private mount namespace and a bind mount");
    const std::string ns = enter_private_mount_namespace();
    INFO(ns);
    REQUIRE(ns.empty());

    const std::string old_bytes = large_hosts_with_early_block();
    REQUIRE(old_bytes.size() > 3 * 64 * 1024);
    const std::string new_bytes = result_on_copy(old_bytes, apply_args);
    REQUIRE(new_bytes != old_bytes);
    const std::vector<std::string> noop{"revert", "never-applied.example.jp"};  // takes the lock and recovers, writes nothing

    enum class After { Old, Torn, New };
    struct InPlaceCase {
        const char* point;
        After after_kill;
        const char* note;  // what the next run must say
        bool file_is_new_after_recovery;
    };
    const std::vector<InPlaceCase> cases{
        {"journal_written", After::Old, "interrupted before it started writing", false},
        {"in_place_chunk:1", After::Torn, "restored from backup", false},
        {"in_place_written", After::New, "interrupted after it had been written completely", true}};

    for (const InPlaceCase& c : cases) {
        INFO("fault point " << c.point);
        TempDir work("fshosts-points-bind");
        fs::create_directory(work.path / "etc");
        fs::create_directory(work.path / "src");
        const fs::path real = work.path / "src" / "hosts";  // what Docker bind-mounts over /etc/hosts
        const fs::path hosts = work.path / "etc" / "hosts";
        const fs::path state = work.path / "state";
        write_bytes(real, old_bytes);
        write_bytes(hosts, "");
        const ino_t inode = stat_of(real).st_ino;
        Mount mount = Mount::bind(real, hosts);

        // Without a fault the rename is refused (EBUSY) and the file is written in place.
        const ProcessResult crashed = run_fshosts(hosts, state, apply_args, faults_bin, c.point);
        INFO("crashed run: " << crashed.out << crashed.err);
        REQUIRE(crashed.exit_code == killed);
        const std::string after_kill = read_bytes(hosts);
        switch (c.after_kill) {
        case After::Old: CHECK(after_kill == old_bytes); break;
        case After::New: CHECK(after_kill == new_bytes); break;
        case After::Torn:
            CHECK(after_kill != old_bytes);
            CHECK(after_kill != new_bytes);
            break;
        }
        const fs::path state_dir = state_dir_of(state);
        CHECK(fs::exists(state_dir / "journal.json"));
        CHECK(temp_files_beside(hosts).empty());

        const ProcessResult next = run_fshosts(hosts, state, noop);
        INFO("next run: " << next.out << next.err);
        REQUIRE(next.exit_code == 0);
        CHECK(contains(next.err, c.note));
        CHECK(read_bytes(hosts) == (c.file_is_new_after_recovery ? new_bytes : old_bytes));
        CHECK_FALSE(fs::exists(state_dir / "journal.json"));
        CHECK(temp_files_beside(hosts).empty());
        CHECK(stat_of(hosts).st_ino == inode);  // still the bind-mounted file, never replaced

        if (c.after_kill == After::Torn) {
            // The backup it names holds exactly the old bytes.
            const ProcessResult list = run_fshosts(hosts, state, {"backups", "--json"});
            REQUIRE(list.exit_code == 0);
            // "... restored from backup <id>; what it held before that was saved as backup <id2>."
            bool named_backup_is_old = false;
            const std::string marker = "restored from backup ";
            const std::size_t at = next.err.find(marker);
            REQUIRE(at != std::string::npos);
            const std::string restored_id = next.err.substr(at + marker.size(), next.err.find(';', at) - at - marker.size());
            const nlohmann::json listed = nlohmann::json::parse(list.out);
            for (const auto& b : listed.at("backups"))
                if (b.at("id").get<std::string>() == restored_id)
                    named_backup_is_old = b.at("sha256").get<std::string>() == sha256_hex(old_bytes);
            INFO(list.out);
            CHECK(named_backup_is_old);
        }

        const ProcessResult again = run_fshosts(hosts, state, apply_args);
        INFO("apply again: " << again.out << again.err);
        REQUIRE(again.exit_code == 0);
        CHECK(again.err.empty());
        CHECK(read_bytes(hosts) == new_bytes);

        const ProcessResult revert = run_fshosts(hosts, state, {"revert", "www.example.jp"});
        INFO("revert: " << revert.out << revert.err);
        REQUIRE(revert.exit_code == 0);
        CHECK(read_bytes(hosts) == old_bytes);
        CHECK(read_bytes(real) == old_bytes);
        CHECK(stat_of(real).st_ino == inode);
    }
}

// After a torn in-place write the journal stays until the next fshosts run. If someone rewrites
// the file in between (a person repairing it by hand, Docker regenerating /etc/hosts), recovery
// cannot tell their content from the torn one — so it must not throw it away without a copy.
TEST_CASE("recovery keeps a copy of content written to the file after the crash", "[reliability][crash][root]")
{
    if (!is_root())
        FSHOSTS_SKIP("needs root for a private mount namespace and a bind mount");
    const std::string ns = enter_private_mount_namespace();
    INFO(ns);
    REQUIRE(ns.empty());

    TempDir work("fshosts-points-edit");
    fs::create_directory(work.path / "etc");
    fs::create_directory(work.path / "src");
    const fs::path real = work.path / "src" / "hosts";
    const fs::path hosts = work.path / "etc" / "hosts";
    const fs::path state = work.path / "state";
    const std::string old_bytes = large_hosts_with_early_block();
    write_bytes(real, old_bytes);
    write_bytes(hosts, "");
    Mount mount = Mount::bind(real, hosts);

    const ProcessResult crashed = run_fshosts(hosts, state, apply_args, faults_bin, "in_place_chunk:1");
    REQUIRE(crashed.exit_code == killed);
    REQUIRE(read_bytes(hosts) != old_bytes);  // torn

    // Someone puts their own content in place (through the same path, in place).
    const std::string theirs = "127.0.0.1\tlocalhost\n::1\tlocalhost\n172.17.0.3\tc0ffee123456\n";
    write_bytes(hosts, theirs);

    const ProcessResult next = run_fshosts(hosts, state, {"revert", "never-applied.example.jp"});
    INFO("next run: " << next.out << next.err);
    const std::string now = read_bytes(hosts);
    if (now != theirs) {
        // Replaced: then their content must be one `fshosts restore` away, and the user told.
        const ProcessResult list = run_fshosts(hosts, state, {"backups", "--json"});
        REQUIRE(list.exit_code == 0);
        bool kept = false;
        const nlohmann::json listed = nlohmann::json::parse(list.out);
        for (const auto& b : listed.at("backups"))
            kept = kept || b.at("sha256").get<std::string>() == sha256_hex(theirs);
        INFO(list.out);
        CHECK(kept);
    }
    CHECK((now == theirs || now == old_bytes));
}

TEST_CASE("a bind-mounted hosts file whose name is not UTF-8: the journal keeps its path, recovery and revert work",
          "[reliability][crash][root]")
{
    if (!is_root())
        FSHOSTS_SKIP("needs root for a bind mount in a private mount namespace");
    const std::string ns = enter_private_mount_namespace();
    INFO(ns);
    REQUIRE(ns.empty());
    TempDir work("fshosts-crash-name");
    fs::create_directory(work.path / "etc");
    const fs::path real = work.path / "real-hosts";
    const fs::path hosts = work.path / "etc" / "\xff\xfehosts";
    const fs::path state = work.path / "state";
    const std::string original = "127.0.0.1\tlocalhost\n172.17.0.2\t3f1c2a7d9e0b\n";
    write_bytes(real, original);
    write_bytes(hosts, "");
    Mount mount = Mount::bind(real, hosts);  // rename is impossible: the journal path is taken

    const ProcessResult crashed = run_fshosts(hosts, state, apply_args, faults_bin, "journal_written");
    INFO(crashed.out << crashed.err);
    REQUIRE(crashed.exit_code == killed);
    const fs::path journal = state_dir_of(state) / "journal.json";
    REQUIRE(fs::exists(journal));
    const nlohmann::json j = nlohmann::json::parse(read_bytes(journal));
    CHECK(fshosts::text_from_json(j, "hosts_file") == hosts.string());
    CHECK(j.contains("hosts_file_base64"));

    const ProcessResult next = run_fshosts(hosts, state, apply_args);
    INFO(next.out << next.err);
    REQUIRE(next.exit_code == 0);
    CHECK(contains(next.err, "interrupted before it started writing"));
    CHECK_FALSE(fs::exists(journal));
    CHECK(contains(read_bytes(real), "203.0.113.10 www.example.jp"));

    const ProcessResult revert = run_fshosts(hosts, state, {"revert"});
    INFO(revert.out << revert.err);
    REQUIRE(revert.exit_code == 0);
    CHECK(read_bytes(real) == original);
}

TEST_CASE("an unexpected exception at any step of a change: --json prints one error object, exit 1, and the "
          "file keeps its bytes",
          "[reliability][internal]")
{
    // FSHOSTS_FAULT_ACTION=throw: the named step throws std::runtime_error, an exception none of
    // fshosts' own error types describes (what a bug or an exhausted resource would throw).
    for (const char* point : {"backup_saved", "temp_created", "temp_written", "temp_synced"}) {
        DYNAMIC_SECTION(point)
        {
            TempDir dir("fshosts-internal");
            const fs::path hosts = dir.path / "hosts";
            write_bytes(hosts, small_hosts);
            std::vector<std::string> env = cli_env(dir.path / "state", point);
            env.push_back("FSHOSTS_FAULT_ACTION=throw");
            std::vector<std::string> args{faults_bin, "--hosts-file", hosts.string()};
            args.insert(args.end(), apply_args.begin(), apply_args.end());
            args.push_back("--json");
            const ProcessResult r = run_process(args, {.env = env});
            INFO("stdout: " << r.out << "\nstderr: " << r.err);
            CHECK(r.exit_code == 1);
            // Exactly one JSON value on stdout: parse() rejects anything after the object.
            const nlohmann::json body = nlohmann::json::parse(r.out);
            CHECK(body.at("ok") == false);
            CHECK(body.at("error").at("kind") == "internal");
            CHECK(body.at("error").at("exit_code") == 1);
            CHECK(contains(body.at("error").at("message").get<std::string>(), std::string("injected fault at ") + point));
            CHECK(contains(r.err, "internal error"));
            CHECK(read_bytes(hosts) == small_hosts);
            CHECK(temp_files_beside(hosts).empty());
            // The next normal run finds nothing to repair that it cannot, and makes the change.
            const ProcessResult again = run_fshosts(hosts, dir.path / "state", apply_args);
            INFO("again: " << again.out << again.err);
            CHECK(again.exit_code == 0);
            CHECK(contains(read_bytes(hosts), "203.0.113.10 www.example.jp"));
        }
    }
}
