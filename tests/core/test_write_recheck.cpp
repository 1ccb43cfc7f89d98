// The re-read after a write (core/write_recheck.h) through ChangeService on a --hosts-file
// target: the injected wait stands in for the delay and plays the security program (Microsoft
// Defender resets the file, other suites comment lines out) between the write and the re-read.
// No real waiting: the delay is given, the wait never sleeps.
#include "catch.h"
#include "support/temp_dir.h"
#include "text/test_support.h"

#include "core/change_service.h"
#include "core/helper_protocol.h"
#include "core/write_recheck.h"
#include "platform/write_recheck.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using fshosts::AfterWriteCheck;
using fshosts::ApplyRequest;
using fshosts::ChangeResult;
using fshosts::ChangeService;
using fshosts::RecheckPolicy;
using fshosts::test::read_bytes;
using namespace std::chrono_literals;

namespace {

const std::string original = "127.0.0.1 localhost\r\n10.0.0.5 intranet.local\r\n";
const std::string block_begin = "# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\r\n";
const std::string block_end = "# <<< fshosts managed block (jp.fshosts.hosts) <<<\r\n";
const std::string written = original + block_begin + "203.0.113.10 www.example.jp\r\n203.0.113.10 example.jp\r\n" + block_end;

void put_bytes(const fs::path& p, const std::string& bytes)
{
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// A hosts file in a temp dir whose state (backups, audit log) stays there too, and a wait that
// records its calls and runs `act` on the file in place of sleeping.
struct Watched {
    fshosts::test::TempDir temp{"fshosts-recheck"};
    fs::path hosts = temp.path / "hosts";
    std::optional<std::string> saved_state_home;
    std::vector<std::chrono::milliseconds> waits;
    std::function<void(const fs::path&)> act = [](const fs::path&) {};

    Watched()
    {
        put_bytes(hosts, original);
        if (const char* state = std::getenv("XDG_STATE_HOME"))
            saved_state_home = state;
        ::setenv("XDG_STATE_HOME", (temp.path / "state").c_str(), 1);
    }
    ~Watched()
    {
        if (saved_state_home)
            ::setenv("XDG_STATE_HOME", saved_state_home->c_str(), 1);
        else
            ::unsetenv("XDG_STATE_HOME");
    }
    ChangeService service(std::chrono::milliseconds delay = 2000ms)
    {
        RecheckPolicy policy;
        policy.delay = delay;
        policy.wait = [this](std::chrono::milliseconds d) {
            // The file as fshosts wrote it, before the "security program" acts.
            CHECK(read_bytes(hosts) == written);
            waits.push_back(d);
            act(hosts);
        };
        return ChangeService(hosts, "/nonexistent/fshosts-helper", "en", policy);
    }
    ChangeResult apply(std::chrono::milliseconds delay = 2000ms)
    {
        return service(delay).apply(ApplyRequest{{"https://www.example.jp/"}, "203.0.113.10", true, false, {}});
    }
};

// Plain find, not a Catch matcher: Catch2 2 (Debian) and 3 (vcpkg) name theirs differently.
bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

std::string replaced(std::string bytes, const std::string& from, const std::string& to)
{
    const std::size_t at = bytes.find(from);
    REQUIRE(at != std::string::npos);
    return bytes.replace(at, from.size(), to);
}

// Applies the example preview while the "security program" replaces `from` with `to` in the
// file; the file must stay as it left it, and the re-read must call the preview undone.
ChangeResult apply_while_editing(Watched& w, const std::string& from, const std::string& to)
{
    w.act = [&](const fs::path& hosts) { put_bytes(hosts, replaced(read_bytes(hosts), from, to)); };
    ChangeResult r = w.apply();
    CHECK(read_bytes(w.hosts) == replaced(written, from, to));
    REQUIRE(r.after_write);
    CHECK(r.after_write->state == AfterWriteCheck::State::EntriesChanged);
    CHECK(r.after_write->undone());
    return r;
}

}  // namespace

TEST_CASE("the block survives the delay: the re-read says intact and nothing is undone", "[recheck]")
{
    Watched w;
    const ChangeResult r = w.apply();
    CHECK(w.waits == std::vector<std::chrono::milliseconds>{2000ms});
    REQUIRE(r.after_write);
    CHECK(r.after_write->state == AfterWriteCheck::State::Intact);
    CHECK_FALSE(r.after_write->undone());
    CHECK(r.after_write->delay == 2000ms);
    CHECK(r.after_write->missing.empty());
    CHECK(r.after_write->message.empty());
    CHECK(read_bytes(w.hosts) == written);

    const nlohmann::json j = fshosts::to_json(r);
    CHECK(j["ok"] == true);
    CHECK(j["after_write"]["state"] == "intact");
    CHECK(j["after_write"]["delay_ms"] == 2000);
    CHECK_FALSE(j.contains("error"));
}

TEST_CASE("a security program resets the file during the delay: the preview is reported undone", "[recheck]")
{
    Watched w;
    w.act = [](const fs::path& hosts) { put_bytes(hosts, original); };  // what Defender's remediation does
    const ChangeResult r = w.apply();
    CHECK(w.waits.size() == 1);
    REQUIRE(r.after_write);
    CHECK(r.after_write->state == AfterWriteCheck::State::BlockRemoved);
    CHECK(r.after_write->undone());
    CHECK(r.after_write->missing == std::vector<std::string>{"www.example.jp", "example.jp"});
    const std::string& message = r.after_write->message;
    CHECK(contains(message, "www.example.jp, example.jp are gone"));
    CHECK(contains(message, "Microsoft Defender or another security program"));
    CHECK(contains(message, "Protection history"));
    CHECK(contains(message, "IT department"));
    CHECK_FALSE(contains(message, "restoring backup"));  // no block left: starting again just works
    // fshosts never fights the security program: the file stays as it left it.
    CHECK(read_bytes(w.hosts) == original);
    // The write itself happened (a backup was taken before it).
    CHECK(r.changed);
    CHECK_FALSE(r.backup_id.empty());

    // --json: a failure object that still says what was written.
    const nlohmann::json j = fshosts::to_json(r);
    CHECK(j["ok"] == false);
    CHECK(j["error"]["kind"] == "undone");
    CHECK(j["error"]["exit_code"] == 3);
    CHECK(fshosts::exit_undone() == 3);
    CHECK(j["after_write"]["state"] == "block_removed");
    CHECK(j["after_write"]["missing"] == nlohmann::json({"www.example.jp", "example.jp"}));
    CHECK(j["backup_id"] == r.backup_id);
}

TEST_CASE("a security program comments out one of our lines: that name is reported", "[recheck]")
{
    Watched w;
    const ChangeResult r = apply_while_editing(w, "203.0.113.10 example.jp", "#203.0.113.10 example.jp");
    CHECK(r.after_write->missing == std::vector<std::string>{"example.jp"});
    CHECK(contains(r.after_write->message, "example.jp were commented out or changed"));
    // A line inside the block changed: fshosts would refuse to start or revert; the way out is
    // the backup taken before the write.
    REQUIRE_FALSE(r.backup_id.empty());
    CHECK(contains(r.after_write->message, "by restoring backup " + r.backup_id + " (File > Backups"));
    CHECK(contains(r.after_write->message, "fshosts restore " + r.backup_id + ")"));
    CHECK(fshosts::to_json(r)["after_write"]["state"] == "entries_changed");
}

TEST_CASE("a security program comments out the whole block: every name is reported", "[recheck]")
{
    Watched w;
    const std::string commented = original + "#" + block_begin + "#203.0.113.10 www.example.jp\r\n#203.0.113.10 example.jp\r\n#" + block_end;
    w.act = [&](const fs::path& hosts) { put_bytes(hosts, commented); };
    const ChangeResult r = w.apply();
    REQUIRE(r.after_write);
    CHECK(r.after_write->undone());
    CHECK(r.after_write->missing == std::vector<std::string>{"www.example.jp", "example.jp"});
    CHECK(read_bytes(w.hosts) == commented);
}

TEST_CASE("an entry pointed elsewhere during the delay is not our preview", "[recheck]")
{
    Watched w;
    const ChangeResult r = apply_while_editing(w, "203.0.113.10 www.example.jp", "127.0.0.1 www.example.jp");
    CHECK(r.after_write->missing == std::vector<std::string>{"www.example.jp"});
    // The block is still one fshosts reads (a new apply updates the entry): no restore needed.
    CHECK_FALSE(contains(r.after_write->message, "restoring backup"));
}

TEST_CASE("a file that cannot be read again is a warning, not an undone preview", "[recheck]")
{
    Watched w;
    w.act = [](const fs::path& hosts) { fs::remove(hosts); };
    const ChangeResult r = w.apply();
    REQUIRE(r.after_write);
    CHECK(r.after_write->state == AfterWriteCheck::State::Unreadable);
    CHECK_FALSE(r.after_write->undone());
    CHECK(contains(r.after_write->message, "could not read the hosts file again"));
    const nlohmann::json j = fshosts::to_json(r);
    CHECK(j["ok"] == true);
    CHECK(j["after_write"]["state"] == "unreadable");
}

TEST_CASE("no re-read without a delay, without a write, or after a revert", "[recheck]")
{
    Watched w;
    // No delay (Linux and macOS): no wait, no re-read, no after_write in the result or JSON.
    ChangeResult r = w.apply(0ms);
    CHECK(w.waits.empty());
    CHECK_FALSE(r.after_write);
    CHECK_FALSE(fshosts::to_json(r).contains("after_write"));
    CHECK(read_bytes(w.hosts) == written);

    // Already in place: nothing written, nothing to check.
    r = w.apply();
    CHECK_FALSE(r.changed);
    CHECK(w.waits.empty());
    CHECK_FALSE(r.after_write);

    // A revert takes entries away: nothing a security program would undo.
    r = w.service().revert({});
    CHECK(r.changed);
    CHECK(w.waits.empty());
    CHECK_FALSE(r.after_write);
    CHECK(read_bytes(w.hosts) == original);
}

TEST_CASE("the default delay is the platform's", "[recheck]")
{
    CHECK(RecheckPolicy{}.delay == fshosts::platform::hosts_recheck_delay());
    // Linux and macOS have no security program known to undo hosts changes: no re-read, no wait.
    CHECK(fshosts::platform::hosts_recheck_delay() == 0ms);
}
