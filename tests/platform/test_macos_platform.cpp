// platform/macos/elevation.cpp, dns_flush.cpp, hosts_path.cpp and state_dirs.cpp themselves, built
// and run on Linux (label macos; most cases need root). The real code starts osascript, dscacheutil and killall by their absolute paths;
// here stand-ins are laid over /usr/bin with overlayfs in a private mount namespace (the machine's
// /usr/bin is never touched). The osascript stand-in checks the script's shape and does what `do
// shell script` does with it, through its own parser of the script line and its own `quoted form
// of` (tests/platform/fake_osascript.py), so a script that drifted from the C++ model would fail
// here. The cases: a non-root caller gets its request, operation and uid to the helper byte for
// byte and the helper's answer and exit code back; a cancelled prompt (-128) is Cancelled;
// osascript sees only the few variables it needs; root runs the helper directly, without
// osascript; the two DNS flushes run with their exact arguments and a failing one is reported.
#include "catch.h"
#include "support/file_bytes.h"
#include "support/process.h"
#include "support/skip.h"
#include "support/temp_dir.h"

#include "platform/dns_flush.h"
#include "platform/elevation.h"
#include "platform/hosts_path.h"
#include "platform/state_dirs.h"

#include <grp.h>
#include <sched.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using fshosts::test::read_all;
using fshosts::test::write_all;
using fshosts::platform::ElevatedRun;

namespace {

constexpr uid_t nobody = 65534;

void write_file(const fs::path& p, const std::string& bytes, fs::perms perms)
{
    write_all(p, bytes);
    fs::permissions(p, perms);
}

constexpr fs::perms world_rx = fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                               fs::perms::others_read | fs::perms::others_exec;

struct Setup {
    fshosts::test::TempDir box{"fshosts-macos-platform"};
    fs::path records;  // written by the stand-ins (world-writable)
    fs::path helper;
    fs::path overlay;  // tmpfs: upper and work dirs of the overlay over /usr/bin

    Setup()
    {
        fs::permissions(box.path, world_rx);
        records = box.path / "it's a $(touch PWNED) フォルダ";
        fs::create_directory(records);
        fs::permissions(records, fs::perms::all);
        helper = records / "fshosts-helper";
        write_file(helper,
                   "#!/bin/sh\n"
                   "d=$(dirname \"$0\")\n"
                   "printf %s \"$1\" > \"$d/helper.operation\"\n"
                   "printf %s \"$#\" > \"$d/helper.argc\"\n"
                   "printf %s \"${SUDO_UID-unset}\" > \"$d/helper.uid\"\n"
                   "cat > \"$d/helper.stdin\"\n"
                   "printf '%s\\n' '{\"ok\":false,\"error\":{\"kind\":\"conflict\"}}'\n"
                   "exit 3\n",
                   world_rx);
        overlay = box.path / "overlay";
        fs::create_directory(overlay);
    }

    // Runs `body` in a forked copy: a private mount namespace with the stand-in osascript (in
    // `mode`: "run" or "cancel") and the `programs` (name, script) over /usr/bin, then as uid
    // 65534 unless `as_root`. `body` writes what it got into the records folder.
    void in_namespace(const std::string& mode, bool as_root, const std::function<void()>& body,
                      const std::vector<std::pair<std::string, std::string>>& programs = {}) const
    {
        fshosts::test::Child child = fshosts::test::Child::fork([&] {
            if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0)
                return 2;
            if (::mount("tmpfs", overlay.c_str(), "tmpfs", 0, "mode=0755") != 0)
                return 3;
            fs::create_directory(overlay / "upper");
            fs::create_directory(overlay / "work");
            fs::copy_file(fs::path(FSHOSTS_TEST_SOURCE_DIR) / "platform" / "fake_osascript.py", overlay / "upper" / "osascript");
            fs::permissions(overlay / "upper" / "osascript", world_rx);
            write_file(overlay / "upper" / "osascript.mode", mode, world_rx);
            write_file(overlay / "upper" / "osascript.records", records.string(), world_rx);
            for (const auto& [name, script] : programs)
                write_file(overlay / "upper" / name, script, world_rx);
            const std::string options =
                "lowerdir=/usr/bin,upperdir=" + (overlay / "upper").string() + ",workdir=" + (overlay / "work").string();
            if (::mount("overlay", "/usr/bin", "overlay", 0, options.c_str()) != 0)
                return 4;
            if (!as_root && (::setgroups(0, nullptr) != 0 || ::setresgid(nobody, nobody, nobody) != 0 ||
                             ::setresuid(nobody, nobody, nobody) != 0))
                return 5;
            body();
            return 0;
        });
        REQUIRE(child.wait() == 0);
    }
};

// What run_elevated returned, written by the child and read by the test.
void record_run(const fs::path& records, const ElevatedRun& run)
{
    std::ofstream(records / "run.status") << static_cast<int>(run.status);
    std::ofstream(records / "run.exit_code") << run.exit_code;
    std::ofstream(records / "run.output", std::ios::binary) << run.output;
    std::ofstream(records / "run.diagnostics", std::ios::binary) << run.diagnostics;
}

}  // namespace

TEST_CASE("macOS elevation: the prompt's helper gets the request byte for byte, its answer comes back", "[macos]")
{
    if (::geteuid() != 0)
        FSHOSTS_SKIP("needs root for a private mount namespace and the overlay over /usr/bin");
    const Setup s;
    const std::string request = "{\"operation\":\"apply\",\"names\":[\"www.example.jp\"],\"x\":\"it's \\\"$(touch PWNED)\\\" `id`\\n例え\"}\n";
    ::setenv("FSHOSTS_TEST_POISON", "1", 1);  // must not reach osascript
    s.in_namespace("run", false, [&] { record_run(s.records, fshosts::platform::run_elevated(s.helper, "apply", request)); });
    ::unsetenv("FSHOSTS_TEST_POISON");
    INFO(read_all(s.records / "run.diagnostics"));
    CHECK(read_all(s.records / "run.status") == std::to_string(static_cast<int>(ElevatedRun::Status::Ran)));
    CHECK(read_all(s.records / "run.exit_code") == "3");
    CHECK(read_all(s.records / "run.output") == "{\"ok\":false,\"error\":{\"kind\":\"conflict\"}}\n");
    CHECK(read_all(s.records / "helper.operation") == "apply");
    CHECK(read_all(s.records / "helper.argc") == "1");
    CHECK(read_all(s.records / "helper.stdin") == request);
    CHECK(read_all(s.records / "helper.uid") == "65534");
    CHECK_FALSE(fs::exists(s.records / "PWNED"));
    CHECK_FALSE(fs::exists(s.box.path / "PWNED"));
    // osascript's environment: only what it may need, never the caller's other variables.
    std::istringstream names(read_all(s.records / "osascript.env"));
    for (std::string name; std::getline(names, name);) {
        INFO(name);
        CHECK((name == "PATH" || name == "HOME" || name == "USER" || name == "LOGNAME" || name == "TMPDIR" || name == "LANG" ||
               name == "LC_ALL" || name == "__CF_USER_TEXT_ENCODING" || name == "LC_CTYPE"));
    }
}

TEST_CASE("macOS elevation: Cancel in the prompt (-128) is Cancelled and the helper never runs", "[macos]")
{
    if (::geteuid() != 0)
        FSHOSTS_SKIP("needs root for a private mount namespace and the overlay over /usr/bin");
    const Setup s;
    s.in_namespace("cancel", false, [&] { record_run(s.records, fshosts::platform::run_elevated(s.helper, "revert", "{}")); });
    CHECK(read_all(s.records / "run.status") == std::to_string(static_cast<int>(ElevatedRun::Status::Cancelled)));
    CHECK(read_all(s.records / "run.output").empty());
    CHECK_FALSE(fs::exists(s.records / "helper.operation"));
    CHECK(fs::exists(s.records / "osascript.argv"));  // the prompt was asked for
}

TEST_CASE("macOS elevation: root runs the helper directly, without the prompt", "[macos]")
{
    if (::geteuid() != 0)
        FSHOSTS_SKIP("needs root");
    const Setup s;
    s.in_namespace("run", true, [&] { record_run(s.records, fshosts::platform::run_elevated(s.helper, "status", "{\"a\":1}")); });
    CHECK(read_all(s.records / "run.status") == std::to_string(static_cast<int>(ElevatedRun::Status::Ran)));
    CHECK(read_all(s.records / "run.exit_code") == "3");
    CHECK(read_all(s.records / "helper.stdin") == "{\"a\":1}");
    CHECK_FALSE(fs::exists(s.records / "osascript.argv"));
}

TEST_CASE("macOS DNS flush: dscacheutil -flushcache and killall -HUP mDNSResponder, a failure reported", "[macos]")
{
    if (::geteuid() != 0)
        FSHOSTS_SKIP("needs root for a private mount namespace and the overlay over /usr/bin");
    const Setup s;
    // Writes its arguments, one a line, to <records>/<its name>.args (the records folder is named
    // in osascript.records beside it).
    const std::string recorder =
        "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$(cat \"$(dirname \"$0\")/osascript.records\")/$(basename \"$0\").args\"\n";
    s.in_namespace("run", true, [&] {
        std::ofstream out(s.records / "flush.results", std::ios::binary);
        for (const fshosts::platform::FlushResult& r : fshosts::platform::flush_dns_caches())
            out << r.cache << '|' << r.ok << '|' << r.detail << '\n';
    }, {{"dscacheutil", recorder + "exit 0\n"}, {"killall", recorder + "exit 1\n"}});
    CHECK(read_all(s.records / "dscacheutil.args") == "-flushcache\n");
    CHECK(read_all(s.records / "killall.args") == "-HUP\nmDNSResponder\n");
    CHECK(read_all(s.records / "flush.results") ==
          "dscacheutil|1|/usr/bin/dscacheutil -flushcache\n"  // macOS, not run here
          "mDNSResponder|0|/usr/bin/killall -HUP mDNSResponder failed with exit code 1.\n");  // macOS, not run here
}

TEST_CASE("macOS paths: /private/etc/hosts with LF, state in /Library and ~/Library", "[macos]")
{
    CHECK(fshosts::platform::system_hosts_path() == "/private/etc/hosts");
    CHECK(fshosts::platform::system_hosts_path_is_default());
    CHECK_FALSE(fshosts::platform::non_ascii_lines_may_be_ignored());
    CHECK(fshosts::platform::native_eol() == "\n");
    CHECK(fshosts::platform::system_state_dir() == "/Library/Application Support/fshosts");
    // The home directory comes from HOME, as on Linux.
    const char* before = std::getenv("HOME");
    const std::string saved = before ? before : "";
    ::setenv("HOME", "/Users/a b", 1);
    const fs::path user = fshosts::platform::user_state_dir();
    if (before)
        ::setenv("HOME", saved.c_str(), 1);
    else
        ::unsetenv("HOME");
    CHECK(user == "/Users/a b/Library/Application Support/fshosts");
}
