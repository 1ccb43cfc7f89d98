// macOS tier-2 elevation, the parts Linux can check (platform/authorization_prompt.h): the
// constant AppleScript, osascript's argv, the shell command `do shell script` receives (run here
// with /bin/sh and bash, macOS's sh, against a stand-in helper that records what reaches it:
// every hostile piece must arrive byte for byte and nothing else may run), and what osascript's
// answers mean. Label macos.
#include "catch.h"
#include "support/file_bytes.h"
#include "support/process.h"
#include "support/temp_dir.h"

#include "platform/authorization_prompt.h"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using fshosts::test::read_all;
using fshosts::platform::applescript_quoted_form;
using fshosts::platform::authorization_prompt_arguments;
using fshosts::platform::authorization_prompt_result;
using fshosts::platform::authorization_prompt_script;
using fshosts::platform::authorization_prompt_shell_command;
using fshosts::platform::ElevatedRun;
using fshosts::platform::PromptItems;

namespace {

// Texts a shell would misread if they were pasted into a command instead of quoted.
const std::vector<std::string> hostile = {
    "",
    "it's",
    "'",
    "''\\''",
    "a b\tc",
    "line 1\nline 2\n",
    "$(touch PWNED)",
    "`touch PWNED`",
    "'; touch PWNED; '",
    "\"$HOME\" ${PATH} $0 $1 $@ $*",
    "\\\\ \\' \\\" \\n",
    "%s%n%d\\n%%",
    "-n",
    "--",
    "; s=7; echo; echo fshosts-helper-exit:99",
    "例え.jp ＷＷＷ．ＥＸＡＭＰＬＥ．ＪＰ",
    "{\"operation\":\"apply\",\"names\":[\"www.example.jp\"],\"address\":\"203.0.113.10\",\"x\":\"'$(id)'\"}",
};

// A stand-in for fshosts-helper that records its operation, its stdin, its SUDO_UID and its
// argument count next to itself, prints an answer and exits with `exit_code`.
fs::path write_recording_helper(const fs::path& dir, int exit_code)
{
    const fs::path helper = dir / "fshosts-helper";
    std::ofstream(helper) << "#!/bin/sh\n"
                             "d=$(dirname \"$0\")\n"
                             "printf %s \"$1\" > \"$d/operation\"\n"
                             "printf %s \"$#\" > \"$d/argc\"\n"
                             "printf %s \"${SUDO_UID-unset}\" > \"$d/uid\"\n"
                             "cat > \"$d/stdin\"\n"
                             "printf '%s\\n' '{\"ok\":true}'\n"
                             "exit "
                          << exit_code << "\n";
    fs::permissions(helper, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec | fs::perms::others_read |
                                fs::perms::others_exec);
    return helper;
}

}  // namespace

TEST_CASE("quoted form of: in single quotes, a quote inside closed, escaped and reopened", "[macos]")
{
    CHECK(applescript_quoted_form("") == "''");
    CHECK(applescript_quoted_form("abc") == "'abc'");
    CHECK(applescript_quoted_form("it's") == "'it'\\''s'");
    CHECK(applescript_quoted_form("''") == "''\\'''\\'''");
    CHECK(applescript_quoted_form("a\nb $(x)") == "'a\nb $(x)'");
}

TEST_CASE("the AppleScript is constant: run handler, administrator privileges, items by number", "[macos]")
{
    const std::vector<std::string>& script = authorization_prompt_script();
    REQUIRE(script.size() == 3);
    CHECK(script[0] == "on run argv");
    CHECK(script[2] == "end run");
    CHECK(script[1] ==
          "return do shell script (\"printf %s \" & quoted form of item 3 of argv & \" | SUDO_UID=\" & quoted form of "
          "item 4 of argv & \" \" & quoted form of item 1 of argv & \" \" & quoted form of item 2 of argv & \"; s=$?; "
          "echo; echo fshosts-helper-exit:$s\") with administrator privileges without altering line endings");
}

TEST_CASE("osascript's argv: the script statements, then the data as plain arguments", "[macos]")
{
    for (const std::string& text : hostile) {
        const PromptItems items{"/Applications/fshosts.app/Contents/Helpers/fshosts-helper", text, text, "501"};
        const auto args = authorization_prompt_arguments(items);
        REQUIRE(args);
        const std::vector<std::string> expected{"-e", "on run argv", "-e", authorization_prompt_script()[1], "-e", "end run",
                                                items.helper, text, text, "501"};
        CHECK(*args == expected);
    }
}

TEST_CASE("osascript's argv: refused when a piece could not reach the helper unchanged", "[macos]")
{
    const PromptItems good{"/Applications/fshosts.app/Contents/Helpers/fshosts-helper", "apply", "{}", "501"};
    REQUIRE(authorization_prompt_arguments(good));
    PromptItems bad = good;
    bad.helper = "fshosts-helper";  // relative: also what osascript could take for an option
    CHECK_FALSE(authorization_prompt_arguments(bad));
    bad = good;
    bad.helper = "-e";
    CHECK_FALSE(authorization_prompt_arguments(bad));
    for (const char* uid : {"", "-1", "5 01", "501'", "12345678901"}) {
        bad = good;
        bad.uid = uid;
        CHECK_FALSE(authorization_prompt_arguments(bad));
    }
    bad = good;
    bad.request = std::string("{\"a\":\"\xff\"}");  // not UTF-8: AppleScript text cannot hold it
    CHECK_FALSE(authorization_prompt_arguments(bad));
    bad = good;
    bad.operation = std::string("apply\0x", 7);
    CHECK_FALSE(authorization_prompt_arguments(bad));
}

TEST_CASE("the shell command delivers every hostile piece byte for byte and runs nothing else", "[macos]")
{
    for (const char* shell : {"/bin/sh", "/bin/bash"}) {
        for (const std::string& text : hostile) {
            INFO(shell << " with " << text);
            fshosts::test::TempDir box;
            // The helper's own folder is hostile too: quotes, blanks, $() and non-ASCII.
            const fs::path dir = box.path / "it's a $(touch PWNED) `x` フォルダ";
            fs::create_directories(dir);
            const fs::path helper = write_recording_helper(dir, 3);
            const PromptItems items{helper.string(), text, text + "\n" + text, "501"};
            REQUIRE(authorization_prompt_arguments(items));
            const std::string command = authorization_prompt_shell_command(items);
            fshosts::test::ProcessOptions options;
            options.env = {"SUDO_UID=999"};  // replaced by the item
            const auto r = fshosts::test::run_process({shell, "-c", command}, options);
            CHECK(r.exit_code == 0);
            CHECK(read_all(dir / "operation") == text);
            CHECK(read_all(dir / "stdin") == text + "\n" + text);
            CHECK(read_all(dir / "uid") == "501");
            CHECK(read_all(dir / "argc") == "1");
            // Nothing in the pieces ran: no PWNED file anywhere it could have been made.
            CHECK_FALSE(fs::exists(box.path / "PWNED"));
            CHECK_FALSE(fs::exists(dir / "PWNED"));
            CHECK_FALSE(fs::exists("PWNED"));
            // What osascript would print: the command's output and a newline.
            const ElevatedRun run = authorization_prompt_result(0, r.out + "\n", "");
            CHECK(run.status == ElevatedRun::Status::Ran);
            CHECK(run.exit_code == 3);
            CHECK(run.output == "{\"ok\":true}\n");
        }
    }
}

TEST_CASE("osascript's answers: the helper's exit status, a cancelled or denied prompt, anything else", "[macos]")
{
    SECTION("the helper ran")
    {
        ElevatedRun run = authorization_prompt_result(0, "{\"ok\":false}\n\nfshosts-helper-exit:4\n", "");
        CHECK(run.status == ElevatedRun::Status::Ran);
        CHECK(run.exit_code == 4);
        CHECK(run.output == "{\"ok\":false}\n");
        // Line endings altered to CR after all: still understood.
        run = authorization_prompt_result(0, "{\"ok\":true}\r\rfshosts-helper-exit:0\n", "");
        CHECK(run.status == ElevatedRun::Status::Ran);
        CHECK(run.exit_code == 0);
        CHECK(run.output == "{\"ok\":true}\r");
        // The helper printed nothing (killed).
        run = authorization_prompt_result(0, "\nfshosts-helper-exit:137\n", "");
        CHECK(run.status == ElevatedRun::Status::Ran);
        CHECK(run.exit_code == 137);
        CHECK(run.output.empty());
    }
    SECTION("the user pressed Cancel: error -128")
    {
        const ElevatedRun run = authorization_prompt_result(1, "", "0:312: execution error: User canceled. (-128)\n");
        CHECK(run.status == ElevatedRun::Status::Cancelled);
        CHECK(run.output.empty());
    }
    SECTION("the authorization was denied: error -60005")
    {
        const ElevatedRun run = authorization_prompt_result(1, "", "0:312: execution error: The authorization was denied. (-60005)\n");
        CHECK(run.status == ElevatedRun::Status::NotAuthorized);
    }
    SECTION("anything else is no elevation, with osascript's words")
    {
        ElevatedRun run = authorization_prompt_result(1, "", "0:10: syntax error: Expected end of line. (-2741)\n");
        CHECK(run.status == ElevatedRun::Status::Unavailable);
        CHECK(run.diagnostics.find("(-2741)") != std::string::npos);
        for (const char* out : {"", "{\"ok\":true}\n", "fshosts-helper-exit:\n", "fshosts-helper-exit:x1\n",
                                "{}fshosts-helper-exit:0\n"}) {
            run = authorization_prompt_result(0, out, "");
            CHECK(run.status == ElevatedRun::Status::Unavailable);
        }
    }
}
