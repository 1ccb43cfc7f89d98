// Where each OS keeps Chrome, Edge and Chromium (pure lists, every OS), and a child process
// started, waited for and stopped (platform/browser_launch.h).
#include "catch.h"
#include "support/file_bytes.h"
#include "support/temp_dir.h"

#include "base/error.h"
#include "platform/browser_launch.h"

#include <fstream>
#include <algorithm>
#include <iterator>
#include <thread>

#ifndef _WIN32
#include <sys/stat.h>
#endif

namespace fs = std::filesystem;
using namespace fshosts::platform;

#ifndef _WIN32
// The POSIX lists use POSIX absolute paths; Windows would call "/usr/bin" relative.
namespace {

std::vector<std::string> paths(const std::vector<BrowserProgram>& list)
{
    std::vector<std::string> out;
    for (const BrowserProgram& b : list)
        out.push_back(b.path.generic_string());
    return out;
}

bool contains(const std::vector<std::string>& list, const std::string& item)
{
    return std::find(list.begin(), list.end(), item) != list.end();
}

}  // namespace

TEST_CASE("linux candidates: PATH first, Chrome before Edge before Chromium, no relative directories")
{
    const std::vector<BrowserProgram> list = linux_browser_candidates({"/home/u/bin", "", "bin", "/usr/bin"});
    const std::vector<std::string> p = paths(list);
    REQUIRE_FALSE(list.empty());
    CHECK(list.front().name == "Google Chrome");
    CHECK(p.front() == "/home/u/bin/google-chrome");
    CHECK(contains(p, "/usr/bin/microsoft-edge"));  // a candidate path, not run
    CHECK(contains(p, "/usr/bin/chromium"));
    CHECK(contains(p, "/opt/google/chrome/google-chrome"));
    CHECK(contains(p, "/snap/bin/chromium"));
    for (const std::string& path : p)
        CHECK(path.front() == '/');
    const auto index = [&p](const std::string& s) { return std::find(p.begin(), p.end(), s) - p.begin(); };
    CHECK(index("/usr/bin/google-chrome") < index("/usr/bin/microsoft-edge"));  // a candidate path, not run
    CHECK(index("/usr/bin/microsoft-edge") < index("/usr/bin/chromium"));       // a candidate path, not run
}

TEST_CASE("macos candidates: the bundles' executables in /Applications, then ~/Applications")
{
    const std::vector<std::string> p = paths(macos_browser_candidates("/Users/taro"));
    REQUIRE(p.size() == 6);
    CHECK(p[0] == "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");
    CHECK(p[1] == "/Users/taro/Applications/Google Chrome.app/Contents/MacOS/Google Chrome");
    CHECK(contains(p, "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge"));
    CHECK(contains(p, "/Applications/Chromium.app/Contents/MacOS/Chromium"));
    CHECK(paths(macos_browser_candidates("")).size() == 3);
}
#endif

#ifdef _WIN32
TEST_CASE("windows candidates: App Paths first, then Program Files and Local AppData")
{
    WindowsBrowserPlaces places;
    places.chrome_app_path = "D:\\Chrome\\chrome.exe";
    places.program_files_dirs = {"C:\\Program Files", "C:\\Program Files (x86)"};
    places.local_app_data = "C:\\Users\\taro\\AppData\\Local";
    const std::vector<BrowserProgram> list = windows_browser_candidates(places);
    REQUIRE(list.size() == 7);
    CHECK(list[0].path == fs::path("D:\\Chrome\\chrome.exe"));
    CHECK(list[1].path == fs::path("C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe"));
    CHECK(list[4].name == "Microsoft Edge");
    CHECK(list[4].path == fs::path("C:\\Program Files\\Microsoft\\Edge\\Application\\msedge.exe"));
    CHECK(list[6].name == "Chromium");
}
#else
TEST_CASE("windows candidates: App Paths first, then Program Files and Local AppData")
{
    // Built with POSIX paths here: the order and the folder names are what is checked.
    WindowsBrowserPlaces places;
    places.chrome_app_path = "/D/Chrome/chrome.exe";
    places.edge_app_path = "relative\\msedge.exe";  // not absolute: never used
    places.program_files_dirs = {"/C/Program Files", "/C/Program Files (x86)"};
    places.local_app_data = "/C/Users/taro/AppData/Local";
    const std::vector<std::string> p = paths(windows_browser_candidates(places));
    REQUIRE(p.size() == 7);
    CHECK(p[0] == "/D/Chrome/chrome.exe");
    CHECK(p[1] == "/C/Program Files/Google/Chrome/Application/chrome.exe");
    CHECK(p[2] == "/C/Program Files (x86)/Google/Chrome/Application/chrome.exe");
    CHECK(p[3] == "/C/Users/taro/AppData/Local/Google/Chrome/Application/chrome.exe");
    CHECK(p[4] == "/C/Program Files/Microsoft/Edge/Application/msedge.exe");
    CHECK(p[5] == "/C/Program Files (x86)/Microsoft/Edge/Application/msedge.exe");
    CHECK(p[6] == "/C/Users/taro/AppData/Local/Chromium/Application/chrome.exe");
}

TEST_CASE("private temp dir: mode 0700, a new one each time")
{
    const fs::path a = create_private_temp_dir("fshosts-test-browser-");
    const fs::path b = create_private_temp_dir("fshosts-test-browser-");
    CHECK(a != b);
    struct stat st {};
    REQUIRE(::stat(a.c_str(), &st) == 0);
    CHECK((st.st_mode & 07777) == 0700);
    CHECK(a.filename().string().rfind("fshosts-test-browser-", 0) == 0);
    fs::remove_all(a);
    fs::remove_all(b);
}

TEST_CASE("child process: the arguments arrive as given, no shell; stdout to a file; the exit code")
{
    fshosts::test::TempDir dir("fshosts-test-child");
    const fs::path script = dir.path / "record";
    {
        std::ofstream out(script);
        out << "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> \"$0.argv\"; done\necho printed\nexit 3\n";
    }
    fs::permissions(script, fs::perms::owner_all);
    const std::vector<std::string> args{"--host-resolver-rules=MAP a 1.2.3.4,MAP b 1.2.3.4", "$(touch pwned)", "a;b", "*"};
    ChildProcess child(script, args, dir.path / "out.txt");
    REQUIRE(child.wait_for(std::chrono::seconds(10)));
    CHECK(child.exit_code() == 3);
    CHECK_FALSE(child.running());
    const std::string recorded = fshosts::test::read_bytes(dir.path / "record.argv");
    CHECK(recorded == "--host-resolver-rules=MAP a 1.2.3.4,MAP b 1.2.3.4\n$(touch pwned)\na;b\n*\n");
    CHECK_FALSE(fs::exists(dir.path / "pwned"));
    CHECK(fshosts::test::read_bytes(dir.path / "out.txt") == "printed\n");
}

TEST_CASE("child process: stop() ends it and what it started")
{
    fshosts::test::TempDir dir("fshosts-test-child");
    const fs::path script = dir.path / "spawner";
    {
        std::ofstream out(script);
        // A grandchild that would outlive its parent, like a browser's helper processes.
        out << "#!/bin/sh\nsleep 300 &\necho $! > \"$0.pid\"\nwait\n";
    }
    fs::permissions(script, fs::perms::owner_all);
    ChildProcess child(script, {});
    CHECK_FALSE(child.wait_for(std::chrono::milliseconds(300)));
    CHECK(child.running());
    std::string pid;
    for (int i = 0; i < 50 && pid.empty(); ++i) {
        std::ifstream in(dir.path / "spawner.pid");
        std::getline(in, pid);
        if (pid.empty())
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE_FALSE(pid.empty());
    child.stop();
    CHECK_FALSE(child.running());
    CHECK(child.exit_code() == 128 + 9);
    // The grandchild is gone too (a zombie of init's counts as gone: /proc says Z or nothing).
    bool gone = false;
    for (int i = 0; i < 50 && !gone; ++i) {
        const std::string text = fshosts::test::read_all("/proc/" + pid + "/stat");  // "" once it is gone
        gone = text.empty() || text.find(") Z") != std::string::npos;
        if (!gone)
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    CHECK(gone);
}

TEST_CASE("child process: a program that does not exist is an Io error naming it")
{
    try {
        ChildProcess child("/nonexistent/fshosts-no-browser", {});
        FAIL("started");
    } catch (const fshosts::Error& e) {
        CHECK(e.kind() == fshosts::ErrorKind::Io);
        CHECK(std::string(e.what()).find("/nonexistent/fshosts-no-browser") != std::string::npos);
    }
}
#endif
