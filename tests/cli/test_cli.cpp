// The fshosts CLI end to end on temporary hosts files: exit codes, output, bytes on disk.
#include "catch.h"
#include "support/build_tree.h"
#include "support/lock_holder.h"
#include "support/process.h"
#include "support/temp_dir.h"

#include <nlohmann/json.hpp>

#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <fstream>
#include <sstream>
#include <string>
#include <initializer_list>
#include <vector>

namespace fs = std::filesystem;
using fshosts::test::ProcessResult;
using fshosts::test::run_process;

namespace {

const std::string fshosts_bin = fshosts::test::build_program("bin/fshosts");

std::string read_bytes(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

void write_bytes(const fs::path& p, const std::string& bytes)
{
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
}

// A private directory holding one hosts file, removed at the end of the test.
struct TempHosts {
    fshosts::test::TempDir temp{"fshosts-cli"};
    fs::path dir = temp.path;
    fs::path file = dir / "hosts";
    explicit TempHosts(const std::string& content)
    {
        write_bytes(file, content);
        fs::create_directory(dir / "state");
    }
    std::string bytes() const { return read_bytes(file); }
};

// Runs the CLI on `file` (any path, any bytes); backups, lock and audit log go to the temp dir.
// A run that hangs is killed after 30 s (exit code 137).
ProcessResult run_cli_on(const TempHosts& h, const fs::path& file, std::vector<std::string> args,
                         std::vector<std::string> env = {"LANG=C", "LC_ALL=", "LANGUAGE="})
{
    args.insert(args.begin(), {fshosts_bin, "--hosts-file", file.string()});
    env.push_back("XDG_STATE_HOME=" + (h.dir / "state").string());
    return run_process(args, {.env = env, .timeout = std::chrono::seconds(30)});
}

// Runs the CLI on the temp file.
ProcessResult run_cli(const TempHosts& h, std::vector<std::string> args, std::vector<std::string> env = {"LANG=C", "LC_ALL=", "LANGUAGE="})
{
    return run_cli_on(h, h.file, std::move(args), std::move(env));
}

const std::string windows_hosts =
    "# Copyright (c) 1993-2009 Microsoft Corp.\r\n"
    "#\r\n"
    "# localhost name resolution is handled within DNS itself.\r\n"
    "#\t127.0.0.1       localhost\r\n"
    "#\t::1             localhost\r\n"
    "\r\n"
    "10.0.0.5\tintranet.local   # office\r\n";

}  // namespace

TEST_CASE("apply then revert leaves the file byte-identical", "[cli]")
{
    TempHosts h(windows_hosts);
    ProcessResult r = run_cli(h, {"apply", "--ip", "203.0.113.10", "--with-twin", "https://www.example.jp/shop?x=1"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("www.example.jp, example.jp -> 203.0.113.10") != std::string::npos);
    CHECK(h.bytes() == windows_hosts +
                           "# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\r\n"
                           "203.0.113.10 www.example.jp\r\n"
                           "203.0.113.10 example.jp\r\n"
                           "# <<< fshosts managed block (jp.fshosts.hosts) <<<\r\n");

    ProcessResult st = run_cli(h, {"status"});
    CHECK(st.exit_code == 0);
    CHECK(st.out.find("www.example.jp -> 203.0.113.10") != std::string::npos);

    r = run_cli(h, {"revert"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(h.bytes() == windows_hosts);

    r = run_cli(h, {"revert"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("Nothing to revert") != std::string::npos);
    CHECK(h.bytes() == windows_hosts);
}

TEST_CASE("full-width and IDN input is normalised before it is written", "[cli]")
{
    TempHosts h("127.0.0.1 localhost\n");
    ProcessResult r = run_cli(h, {"apply", "--ip", "２０３．０．１１３．１０", "ＷＷＷ．ＥＸＡＭＰＬＥ．ＪＰ", "例え.jp"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    std::string bytes = h.bytes();
    CHECK(bytes.find("\n203.0.113.10 www.example.jp\n") != std::string::npos);
    CHECK(bytes.find("\n203.0.113.10 xn--r8jz45g.jp\n") != std::string::npos);
    // Without --with-twin the twin is offered, not added.
    CHECK(r.out.find("Tip: example.jp is not included. Add --with-twin") != std::string::npos);
    CHECK(bytes.find(" example.jp\n") == std::string::npos);

    r = run_cli(h, {"revert", "例え.jp"});
    REQUIRE(r.exit_code == 0);
    CHECK(h.bytes().find("xn--r8jz45g.jp") == std::string::npos);
    CHECK(h.bytes().find("www.example.jp") != std::string::npos);
    r = run_cli(h, {"revert", "www.example.jp"});
    REQUIRE(r.exit_code == 0);
    CHECK(h.bytes() == "127.0.0.1 localhost\n");
}

TEST_CASE("bad input exits 2 and changes nothing", "[cli]")
{
    const std::string original = "127.0.0.1 localhost\n";
    TempHosts h(original);
    struct Case {
        std::vector<std::string> args;
    } cases[] = {
        {{"apply", "--ip", "203.0.113.10", "www.example .jp"}},
        {{"apply", "--ip", "203.0.113.10", "www.example.jp#x"}},
        {{"apply", "--ip", "203.0.113.10", "*.example.jp"}},
        {{"apply", "--ip", "203.0.113.10", "localhost"}},
        {{"apply", "--ip", "203.0.113.10", "203.0.113.11"}},
        {{"apply", "--ip", "203.0.113.010", "www.example.jp"}},
        {{"apply", "--ip", "0.0.0.0", "www.example.jp"}},
        {{"apply", "--ip", "fe80::1%eth0", "www.example.jp"}},
        {{"apply", "--ip", "203.0.113.10", "www.example.jp\nevil.jp"}},
        {{"revert", "bad domain"}},
    };
    for (const Case& c : cases) {
        ProcessResult r = run_cli(h, c.args);
        INFO(c.args.back() << " -> " << r.out << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.err.size() > 10);
        CHECK(h.bytes() == original);
    }
}

TEST_CASE("usage errors are reported by the parser and change nothing", "[cli]")
{
    const std::string original = "127.0.0.1 localhost\n";
    TempHosts h(original);
    ProcessResult r = run_cli(h, {"apply", "www.example.jp"});  // --ip missing
    CHECK(r.exit_code != 0);
    CHECK(r.err.find("--ip") != std::string::npos);
    r = run_cli(h, {"frobnicate"});
    CHECK(r.exit_code != 0);
    CHECK(h.bytes() == original);

    r = run_process({fshosts_bin, "--version"});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "fshosts 0.1.0\n");
    r = run_process({fshosts_bin, "--help"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("apply") != std::string::npos);
}

TEST_CASE("a user line for the same name is a conflict (exit 3) unless disabled", "[cli]")
{
    const std::string original = "127.0.0.1 localhost\n192.0.2.1\twww.example.jp shop.example.jp # old server\n";
    TempHosts h(original);
    ProcessResult r = run_cli(h, {"apply", "--ip", "203.0.113.10", "www.example.jp"});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("Line 2") != std::string::npos);
    CHECK(r.err.find("192.0.2.1") != std::string::npos);
    CHECK(r.err.find("--disable-conflicts") != std::string::npos);
    CHECK(h.bytes() == original);

    r = run_cli(h, {"apply", "--ip", "203.0.113.10", "--disable-conflicts", "www.example.jp"});
    REQUIRE(r.exit_code == 0);
    CHECK(h.bytes().find("\n#[fshosts:disabled] 192.0.2.1\twww.example.jp shop.example.jp # old server\n") != std::string::npos);

    r = run_cli(h, {"status", "--json"});
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["block"] == "present");
    CHECK(j["entries"].size() == 1);
    CHECK(j["entries"][0]["name"] == "www.example.jp");
    CHECK(j["disabled_lines"].size() == 1);
    CHECK(j["disabled_lines"][0]["line"] == 2);

    r = run_cli(h, {"revert"});
    REQUIRE(r.exit_code == 0);
    CHECK(h.bytes() == original);
}

TEST_CASE("a damaged block is reported and never repaired", "[cli]")
{
    const std::string original =
        "127.0.0.1 localhost\n# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\n"
        "203.0.113.10 www.example.jp\nmy own line\n";
    TempHosts h(original);
    for (std::vector<std::string> args : {std::vector<std::string>{"apply", "--ip", "203.0.113.10", "example.jp"},
                                          std::vector<std::string>{"revert"}}) {
        ProcessResult r = run_cli(h, args);
        INFO(r.err);
        CHECK(r.exit_code == 3);
        CHECK(r.err.find("damaged") != std::string::npos);
        CHECK(h.bytes() == original);
    }
    ProcessResult r = run_cli(h, {"status", "--json"});
    CHECK(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["block"] == "malformed");
    CHECK(j["problem"]["line"] == 4);
}

TEST_CASE("JSON output of apply and of an error", "[cli]")
{
    TempHosts h("");
    ProcessResult r = run_cli(h, {"apply", "--json", "--ip", "2001:DB8:0:0:0:0:0:10", "example.jp", "--with-twin"});
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["ok"] == true);
    CHECK(j["address"] == "2001:db8::10");
    CHECK(j["added"] == nlohmann::json::array({"example.jp", "www.example.jp"}));
    CHECK(h.bytes() ==
          "# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\n"
          "2001:db8::10 example.jp\n2001:db8::10 www.example.jp\n"
          "# <<< fshosts managed block (jp.fshosts.hosts) <<<\n");

    r = run_cli(h, {"apply", "--json", "--ip", "224.0.0.1", "example.jp"});
    CHECK(r.exit_code == 2);
    j = nlohmann::json::parse(r.out);
    CHECK(j["ok"] == false);
    CHECK(j["error"]["kind"] == "bad_input");
    CHECK(j["error"]["exit_code"] == 2);

    r = run_cli(h, {"revert", "--json"});
    REQUIRE(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out)["removed"].size() == 2);
    CHECK(h.bytes().empty());
}

TEST_CASE("a missing file is an I/O error (exit 5)", "[cli]")
{
    TempHosts h("");
    fs::remove(h.file);
    ProcessResult r = run_cli(h, {"apply", "--ip", "203.0.113.10", "www.example.jp"});
    CHECK(r.exit_code == 5);
    CHECK(r.err.find(h.file.string()) != std::string::npos);
    CHECK_FALSE(fs::exists(h.file));
}

TEST_CASE("no write permission is exit 4 and changes nothing", "[cli]")
{
    const std::string original = "127.0.0.1 localhost\n";
    TempHosts h(original);
    std::optional<uid_t> as_user;
    std::string program = fshosts_bin;
    std::optional<fshosts::test::StagedBuild> staged;
    // fshosts' own state stays writable: the refusal must come from the hosts file. It is private
    // to the user who runs fshosts (a state directory others can write to is refused).
    fs::permissions(h.dir / "state", fs::perms::owner_all);
    if (geteuid() == 0) {
        REQUIRE(::chown((h.dir / "state").c_str(), 65534, 65534) == 0);
        // Root ignores file modes: run the CLI as nobody on a root-owned 0644 file.
        fs::permissions(h.dir, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                                   fs::perms::others_read | fs::perms::others_exec);
        as_user = 65534;
        staged.emplace();  // nobody may not be able to reach the build tree
        program = staged->program("bin/fshosts");
    } else {
        fs::permissions(h.file, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    }
    ProcessResult r = run_process({program, "--hosts-file", h.file.string(), "apply", "--ip", "203.0.113.10", "www.example.jp"},
                                  {.env = {"LANG=C", "LC_ALL=", "LANGUAGE=", "XDG_STATE_HOME=" + (h.dir / "state").string()},
                                   .as_user = as_user});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 4);
    CHECK(r.err.find(h.file.string()) != std::string::npos);
    CHECK(h.bytes() == original);
    CHECK(std::distance(fs::directory_iterator(h.dir), fs::directory_iterator()) == 2);  // hosts + state: no temp file
}

TEST_CASE("messages follow the user's language", "[cli]")
{
    TempHosts h("127.0.0.1 localhost\n");
    ProcessResult ja = run_cli(h, {"apply", "--ip", "203.0.113.10", "www.example .jp"}, {"LANG=ja_JP.UTF-8", "LC_ALL=", "LANGUAGE="});
    ProcessResult en = run_cli(h, {"apply", "--ip", "203.0.113.10", "www.example .jp"}, {"LANG=en_US.UTF-8", "LC_ALL=", "LANGUAGE="});
    INFO(ja.err << en.err);
    CHECK(ja.exit_code == 2);
    CHECK(en.exit_code == 2);
    CHECK(ja.err != en.err);
    // Japanese text is made of multi-byte UTF-8 characters (hiragana/kanji start with 0xE3-0xE9).
    CHECK(ja.err.find("\xE3") != std::string::npos);
    CHECK(en.err.find("space") != std::string::npos);
    ProcessResult st = run_cli(h, {"status"}, {"LANG=ja_JP.UTF-8", "LC_ALL=", "LANGUAGE="});
    CHECK(st.out.find("\xE3") != std::string::npos);
}

namespace {

// stdout is exactly one JSON object (what --json promises for every outcome).
nlohmann::json one_json_object(const ProcessResult& r)
{
    INFO("stdout: " << r.out << "\nstderr: " << r.err);
    nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    REQUIRE(j.is_object());
    return j;
}

// RFC 4648 base64, decoded independently of fshosts' encoder.
std::string from_base64(const std::string& text)
{
    const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (char c : text) {
        if (c == '=')
            break;
        const std::size_t v = alphabet.find(c);
        REQUIRE(v != std::string::npos);
        bits = (bits << 6) | static_cast<unsigned>(v);
        count += 6;
        if (count >= 8) {
            count -= 8;
            out.push_back(static_cast<char>((bits >> count) & 0xff));
        }
    }
    return out;
}

// The exact bytes of a text field: `key_base64` when present, else `key` (docs/json.md).
std::string exact_text(const nlohmann::json& j, const std::string& key)
{
    if (j.contains(key + "_base64")) {
        CHECK(j.at(key).get<std::string>() != from_base64(j.at(key + "_base64").get<std::string>()));
        return from_base64(j.at(key + "_base64").get<std::string>());
    }
    return j.at(key).get<std::string>();
}

// Every file under `dir`, recursively (to prove that a refusal wrote nothing).
std::vector<std::string> files_under(const fs::path& dir)
{
    std::vector<std::string> out;
    for (const auto& e : fs::recursive_directory_iterator(dir))
        out.push_back(e.path().string());
    std::sort(out.begin(), out.end());
    return out;
}

fs::path lock_file_of(const TempHosts& h)
{
    for (const auto& e : fs::recursive_directory_iterator(h.dir / "state"))
        if (e.path().filename() == "lock")
            return e.path();
    FAIL("no lock file under " << (h.dir / "state"));
    return {};
}

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

TEST_CASE("another process holding fshosts' lock: apply gives up within the bound and changes nothing", "[cli][locks]")
{
    const std::string original = "127.0.0.1 localhost\n";
    TempHosts h(original);
    REQUIRE(run_cli(h, {"revert"}).exit_code == 0);  // creates the state directory and its lock file
    // The lock file and the hosts file itself, as a stuck fshosts (or anyone) could hold them.
    fshosts::test::LockHolder holder({lock_file_of(h), h.file});
    const auto before = files_under(h.dir);
    const std::vector<std::string> env{"LANG=C", "LC_ALL=", "LANGUAGE=", "FSHOSTS_LOCK_WAIT_MS=1500"};

    const Clock::time_point start = Clock::now();
    const ProcessResult r = run_cli(h, {"apply", "--json", "--ip", "203.0.113.10", "www.example.jp"}, env);
    const double took = seconds_since(start);
    INFO(r.out << r.err << "took " << took << " s");
    CHECK(r.exit_code == 3);
    CHECK(took >= 1.4);
    CHECK(took < 8.0);
    const nlohmann::json j = one_json_object(r);
    CHECK(j["ok"] == false);
    CHECK(j["error"]["kind"] == "busy");
    CHECK(j["error"]["exit_code"] == 3);
    CHECK(j["error"]["message"].get<std::string>().find("Another program is changing the hosts file") != std::string::npos);
    CHECK(r.err.find("Another program is changing the hosts file " + h.file.string()) != std::string::npos);
    CHECK(h.bytes() == original);
    CHECK(files_under(h.dir) == before);  // no backup, no temp file

    // Without --json the same, in words; and once the lock is free the change goes through.
    CHECK(run_cli(h, {"revert", "www.example.jp"}, env).exit_code == 3);
    holder.release();
    CHECK(run_cli(h, {"apply", "--ip", "203.0.113.10", "www.example.jp"}, env).exit_code == 0);
    CHECK(h.bytes() != original);
}

TEST_CASE("a lock on the hosts file alone (anyone who reads it can take one) delays a change only briefly", "[cli][locks]")
{
    const std::string original = "127.0.0.1 localhost\n";
    TempHosts h(original);
    fshosts::test::LockHolder holder({h.file});
    const Clock::time_point start = Clock::now();
    const ProcessResult apply = run_cli(h, {"apply", "--ip", "203.0.113.10", "www.example.jp"});
    const double took = seconds_since(start);
    INFO(apply.out << apply.err << "took " << took << " s");
    CHECK(apply.exit_code == 0);
    CHECK(took < 6.0);  // the 2 s courtesy wait once, never the full 10 s, never forever
    CHECK(h.bytes().find("203.0.113.10 www.example.jp") != std::string::npos);
    const ProcessResult revert = run_cli(h, {"revert"});
    CHECK(revert.exit_code == 0);
    CHECK(h.bytes() == original);
}

TEST_CASE("a FIFO, a device, a folder or a file over 64 MiB is refused at once and nothing is written", "[cli][files]")
{
    TempHosts h("");
    REQUIRE(::mkfifo((h.dir / "fifo").c_str(), 0644) == 0);  // no writer: a blocking open would hang
    fs::create_symlink("/dev/zero", h.dir / "zero-link");
    fs::create_directory(h.dir / "folder");
    {
        std::ofstream big(h.dir / "big", std::ios::binary);
    }
    fs::resize_file(h.dir / "big", std::uintmax_t{65} << 20);  // sparse: costs no disk
    struct Case {
        fs::path path;
        std::string says;
    };
    const std::vector<Case> cases{{h.dir / "fifo", "is not a regular file but a FIFO"},
                                  {h.dir / "zero-link", "is not a regular file but a device"},
                                  {"/dev/zero", "is not a regular file but a device"},
                                  {h.dir / "folder", "is not a regular file but a folder"},
                                  {h.dir / "big", "is larger than 64 MiB"}};
    for (const Case& c : cases) {
        // The first refused change creates the path's state directory and lock file (taking
        // the lock writes nothing else); after that, nothing under the temp dir may change.
        REQUIRE(run_cli_on(h, c.path, {"revert"}).exit_code == 5);
        for (const std::vector<std::string>& args :
             {std::vector<std::string>{"apply", "--ip", "203.0.113.10", "www.example.jp"}, {"status"}, {"revert"}}) {
            const auto before = files_under(h.dir);
            const Clock::time_point start = Clock::now();
            ProcessResult r = run_cli_on(h, c.path, args);
            INFO(c.path << " " << args[0] << ": " << r.out << r.err);
            CHECK(seconds_since(start) < 5.0);
            CHECK(r.exit_code == 5);
            CHECK(r.err.find(c.says) != std::string::npos);
            CHECK(files_under(h.dir) == before);  // no backup, audit record or temp file

            std::vector<std::string> json_args = args;
            json_args.push_back("--json");
            r = run_cli_on(h, c.path, json_args);
            const nlohmann::json j = one_json_object(r);
            CHECK(j["ok"] == false);
            CHECK(j["error"]["kind"] == "io");
            CHECK(j["error"]["exit_code"] == 5);
            CHECK(j["error"]["message"].get<std::string>().find(c.says) != std::string::npos);
        }
    }
    CHECK(fs::file_size(h.dir / "big") == std::uintmax_t{65} << 20);
    CHECK(fs::is_fifo(h.dir / "fifo"));
}

TEST_CASE("usage errors print one JSON object too when --json is given", "[cli][json]")
{
    TempHosts h("");
    for (const std::vector<std::string>& args : {std::vector<std::string>{"apply", "--json", "www.example.jp"},
                                                 {"apply", "--json", "--ip"},
                                                 {"status", "--json", "--no-such-option"},
                                                 {"--json", "status"}}) {
        const ProcessResult r = run_cli(h, args);
        INFO(args[0] << " " << args[1]);
        CHECK(r.exit_code != 0);
        const nlohmann::json j = one_json_object(r);
        CHECK(j["ok"] == false);
        CHECK(j["error"]["kind"] == "usage");
        CHECK(j["error"]["exit_code"] == r.exit_code);
        CHECK_FALSE(j["error"]["message"].get<std::string>().empty());
    }
}

TEST_CASE("a hosts file whose path and lines are not UTF-8: every command works and --json keeps the bytes", "[cli][json]")
{
    const std::string user_line = "192.0.2.1 www.example.jp \xff\xfe\x1b[31m";
    const std::string original = "127.0.0.1 localhost\n" + user_line + "\n";
    TempHosts h("");
    const fs::path file = h.dir / "\xff\xfehosts";
    write_bytes(file, original);

    ProcessResult r = run_cli_on(h, file, {"status", "--json"});
    CHECK(r.exit_code == 0);
    nlohmann::json j = one_json_object(r);
    CHECK(exact_text(j, "hosts_file") == file.string());

    // Refused as a conflict: the error object carries the line too.
    r = run_cli_on(h, file, {"apply", "--json", "--ip", "203.0.113.10", "www.example.jp"});
    CHECK(r.exit_code == 3);
    j = one_json_object(r);
    REQUIRE(j["error"]["conflicts"].size() == 1);
    CHECK(exact_text(j["error"]["conflicts"][0], "text") == user_line);

    r = run_cli_on(h, file, {"apply", "--json", "--disable-conflicts", "--ip", "203.0.113.10", "www.example.jp"});
    REQUIRE(r.exit_code == 0);
    j = one_json_object(r);
    CHECK(exact_text(j, "hosts_file") == file.string());
    REQUIRE(j["disabled_lines"].size() == 1);
    CHECK(exact_text(j["disabled_lines"][0], "text") == user_line);
    const std::string applied = read_bytes(file);
    CHECK(applied.find("203.0.113.10 www.example.jp") != std::string::npos);

    r = run_cli_on(h, file, {"backups", "--json"});
    REQUIRE(r.exit_code == 0);
    j = one_json_object(r);
    CHECK(exact_text(j, "hosts_file") == file.string());
    REQUIRE(j["backups"].size() == 1);
    const std::string first_backup = j["backups"][0]["id"];

    r = run_cli_on(h, file, {"revert", "--json"});
    REQUIRE(r.exit_code == 0);
    CHECK(exact_text(one_json_object(r), "hosts_file") == file.string());
    CHECK(read_bytes(file) == original);

    // Back to the applied state from the backup taken before the revert, then to the original.
    r = run_cli_on(h, file, {"backups", "--json"});
    j = one_json_object(r);
    REQUIRE(j["backups"].size() == 2);
    r = run_cli_on(h, file, {"restore", "--json", j["backups"][1]["id"]});
    REQUIRE(r.exit_code == 0);
    CHECK(read_bytes(file) == applied);
    r = run_cli_on(h, file, {"restore", first_backup});
    REQUIRE(r.exit_code == 0);
    CHECK(read_bytes(file) == original);

    // status: a user line that wins over fshosts' entry, with its bytes.
    const std::string with_block = original +
                                   "# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\n"
                                   "203.0.113.10 www.example.jp\n"
                                   "# <<< fshosts managed block (jp.fshosts.hosts) <<<\n";
    write_bytes(file, with_block);
    r = run_cli_on(h, file, {"status", "--json"});
    CHECK(r.exit_code == 0);
    j = one_json_object(r);
    REQUIRE(j["conflicts"].size() == 1);
    CHECK(exact_text(j["conflicts"][0], "text") == user_line);
    CHECK(j["conflicts"][0]["text"] == "192.0.2.1 www.example.jp \\xFF\\xFE\\x1B[31m");
    CHECK(read_bytes(file) == with_block);

    // An error names the path too, as valid UTF-8.
    r = run_cli_on(h, h.dir / "\xff-missing", {"status", "--json"});
    CHECK(r.exit_code == 5);
    j = one_json_object(r);
    CHECK(j["error"]["message"].get<std::string>().find("\\xFF-missing") != std::string::npos);

    // The terminal gets the same escapes: no raw invalid byte, no escape sequence that could
    // recolour or rewrite what the user sees, on stdout or stderr.
    const fs::path hostile = h.dir / "\xff\x1b[31mhosts";
    write_bytes(hostile, original);
    const ProcessResult shown = run_cli_on(h, hostile, {"status"});
    CHECK(shown.exit_code == 0);
    CHECK(shown.out.find("Hosts file: " + (h.dir / "\\xFF\\x1B[31mhosts").string()) != std::string::npos);
    r = run_cli_on(h, hostile / "x", {"status"});
    CHECK(r.exit_code == 5);
    CHECK(r.err.find("\\xFF\\x1B[31mhosts/x") != std::string::npos);
    for (const std::string* text : std::initializer_list<const std::string*>{&shown.out, &shown.err, &r.out, &r.err}) {
        CHECK(text->find('\x1b') == std::string::npos);
        CHECK(text->find('\xff') == std::string::npos);
    }
}

// ---- issue 9: reading the file as the resolver does ------------------------------------------

TEST_CASE("disabling conflicts keeps the other names of a shared line resolving; revert restores it", "[cli][resolver]")
{
    const std::string original = "127.0.0.1 localhost localhost.localdomain www.example.jp\n::1 localhost\n";
    TempHosts h(original);
    ProcessResult r = run_cli(h, {"apply", "--ip", "203.0.113.10", "--disable-conflicts", "--with-twin", "www.example.jp"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(h.bytes() == "#[fshosts:disabled] 127.0.0.1 localhost localhost.localdomain www.example.jp\n::1 localhost\n"
                       "# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\n"
                       "203.0.113.10 www.example.jp\n203.0.113.10 example.jp\n"
                       "127.0.0.1 localhost localhost.localdomain #[fshosts:restores] "
                       "127.0.0.1%20localhost%20localhost.localdomain%20www.example.jp\n"
                       "# <<< fshosts managed block (jp.fshosts.hosts) <<<\n");
    r = run_cli(h, {"revert", "example.jp"});
    REQUIRE(r.exit_code == 0);
    // www.example.jp is still previewed: the line stays disabled, its other names still resolve.
    CHECK(h.bytes().find("\n127.0.0.1 localhost localhost.localdomain #[fshosts:restores] ") != std::string::npos);
    r = run_cli(h, {"revert"});
    REQUIRE(r.exit_code == 0);
    CHECK(h.bytes() == original);
}

TEST_CASE("a #[fshosts:disabled] line the user wrote stays disabled on revert", "[cli][resolver]")
{
    const std::string original = "#[fshosts:disabled] 10.0.0.1 www.example.jp\n127.0.0.1 localhost\n";
    TempHosts h(original);
    REQUIRE(run_cli(h, {"apply", "--ip", "203.0.113.10", "www.example.jp"}).exit_code == 0);
    ProcessResult r = run_cli(h, {"status", "--json"});
    REQUIRE(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out)["disabled_lines"].empty());
    REQUIRE(run_cli(h, {"revert"}).exit_code == 0);
    CHECK(h.bytes() == original);
}

TEST_CASE("a damaged block is not reported as a conflict that wins over the preview", "[cli][resolver]")
{
    const std::string original = "# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\n"
                                 "203.0.113.10 www.example.jp\n";
    TempHosts h(original);
    ProcessResult r = run_cli(h, {"status", "--json"});
    REQUIRE(r.exit_code == 0);
    auto j = nlohmann::json::parse(r.out);
    CHECK(j["block"] == "malformed");
    CHECK(j["conflicts"].empty());
    r = run_cli(h, {"status"});
    CHECK(r.out.find("wins") == std::string::npos);
    CHECK(r.out.find("damaged") != std::string::npos);
}

TEST_CASE("classic Mac line endings: status says so, the preview is written so that it works", "[cli][resolver]")
{
    const std::string original = "##\r# Host Database\r127.0.0.1\tlocalhost\r";
    TempHosts h(original);
    ProcessResult r = run_cli(h, {"status"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("lone CR") != std::string::npos);
    r = run_cli(h, {"status", "--json"});
    CHECK(nlohmann::json::parse(r.out)["lone_cr_lines"] == true);
    r = run_cli(h, {"status"}, {"LANG=ja_JP.UTF-8", "LC_ALL=", "LANGUAGE="});
    CHECK(r.exit_code == 0);
    CHECK(r.out.find("旧 Mac 形式") != std::string::npos);
    REQUIRE(run_cli(h, {"apply", "--ip", "203.0.113.10", "www.example.jp"}).exit_code == 0);
    CHECK(h.bytes() == original +
                           "# >>> fshosts managed block (jp.fshosts.hosts) - do not edit by hand >>>\n"
                           "203.0.113.10 www.example.jp\n# <<< fshosts managed block (jp.fshosts.hosts) <<<\n");
    REQUIRE(run_cli(h, {"revert"}).exit_code == 0);
    CHECK(h.bytes() == original);

    TempHosts lf("127.0.0.1 localhost\n");
    r = run_cli(lf, {"status", "--json"});
    CHECK(nlohmann::json::parse(r.out)["lone_cr_lines"] == false);
}

TEST_CASE("names the resolver answers itself are refused with a reason (exit 2)", "[cli][resolver]")
{
    const std::string original = "127.0.0.1 localhost\n";
    TempHosts h(original);
    for (const char* name : {"localhost", "foo.localhost", "localhost.localdomain", "printer.local"}) {
        ProcessResult r = run_cli(h, {"apply", "--ip", "203.0.113.10", name});
        INFO(name << ": " << r.err);
        CHECK(r.exit_code == 2);
        CHECK((r.err.find("this computer") != std::string::npos || r.err.find(".local, ") != std::string::npos));
        CHECK(h.bytes() == original);
    }
    // The computer's own name: in a UTS namespace with a known host name (needs root).
    if (geteuid() != 0)
        return;
    ProcessResult r = run_process({"/usr/bin/unshare", "--uts", "/bin/sh", "-c", "hostname \"$0\" && exec \"$@\"", "preview-pc.example.jp",
                                   fshosts_bin, "--hosts-file", h.file.string(), "apply", "--ip", "203.0.113.10",
                                   "preview-pc.example.jp"},
                                  {.env = {"LANG=C", "LC_ALL=", "LANGUAGE=", "XDG_STATE_HOME=" + (h.dir / "state").string()}});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("name of this computer") != std::string::npos);
    CHECK(h.bytes() == original);
}

// The go-live date (issue 13): apply --until stores it in the block (typed the Japanese way too);
// status shows it, and once it has passed says the preview is overdue (text and --json); a
// date that is not one is refused (exit 2) and nothing is written; revert is byte-exact.
TEST_CASE("apply --until: the go-live date in the block, in status, overdue once passed", "[cli][until]")
{
    TempHosts h(windows_hosts);
    ProcessResult r = run_cli(h, {"apply", "--ip", "203.0.113.10", "--until", "2026/13/01", "www.example.jp"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("is not a date") != std::string::npos);
    CHECK(h.bytes() == windows_hosts);

    r = run_cli(h, {"apply", "--ip", "203.0.113.10", "--until", "2099/12/31", "www.example.jp"});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("Go-live date: 2099-12-31.") != std::string::npos);
    CHECK(h.bytes().find("\r\n#[fshosts:until] 2099-12-31 www.example.jp\r\n") != std::string::npos);
    ProcessResult st = run_cli(h, {"status"});
    CHECK(st.out.find("www.example.jp -> 203.0.113.10  (go-live 2099-12-31, in ") != std::string::npos);
    CHECK(st.out.find("has passed") == std::string::npos);
    st = run_cli(h, {"status", "--json"});
    const nlohmann::json future = nlohmann::json::parse(st.out);
    CHECK(future["entries"][0]["until"] == "2099-12-31");
    CHECK(future["entries"][0]["days_left"].get<int>() > 0);
    CHECK(future["entries"][0]["overdue"] == false);

    // A later apply with a past date (scripts may set any date): overdue.
    r = run_cli(h, {"apply", "--ip", "203.0.113.10", "--until", "2020-01-31", "--json", "www.example.jp"});
    REQUIRE(r.exit_code == 0);
    CHECK(nlohmann::json::parse(r.out)["until"] == "2020-01-31");
    st = run_cli(h, {"status"});
    CHECK(st.out.find("(go-live 2020-01-31 passed ") != std::string::npos);
    CHECK(st.out.find("The planned go-live date has passed") != std::string::npos);
    st = run_cli(h, {"status", "--json"});
    const nlohmann::json past = nlohmann::json::parse(st.out);
    CHECK(past["entries"][0]["overdue"] == true);
    CHECK(past["entries"][0]["days_left"].get<int>() < 0);
    st = run_cli(h, {"status"}, {"LANGUAGE=ja", "LANG=ja_JP.UTF-8", "LC_ALL="});
    CHECK(st.out.find("公開予定日を過ぎました") != std::string::npos);

    r = run_cli(h, {"revert"});
    REQUIRE(r.exit_code == 0);
    CHECK(h.bytes() == windows_hosts);
}
