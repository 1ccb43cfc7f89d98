// macOS tier-2 elevation (docs/macos.md, "Elevation"): fshosts-helper run once per change through
// the system authorization prompt of `/usr/bin/osascript`'s `do shell script ... with
// administrator privileges`. The AppleScript text is constant; every piece of data (the helper's
// path, the operation, the JSON request, the caller's uid) travels in osascript's argv and
// reaches the shell only through AppleScript's `quoted form of`. Pure text functions, built on
// every OS so that their tests run on Linux (tests/platform/test_authorization_prompt.cpp runs
// the modelled shell command with /bin/sh and checks that each piece arrives byte for byte).
#pragma once

#include "platform/elevation.h"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::platform {

inline constexpr std::string_view osascript_path = "/usr/bin/osascript";

// What `quoted form of` makes of a text: wrapped in single quotes, each single quote written as
// '\'' (close, escaped quote, reopen), so that sh reads back exactly the text.
std::string applescript_quoted_form(std::string_view text);

// The items of osascript's argv after the script, in the order the script uses them.
struct PromptItems {
    std::string helper;     // item 1: absolute path of fshosts-helper
    std::string operation;  // item 2: apply, revert, restore, status
    std::string request;    // item 3: the JSON request, fed to the helper's stdin
    std::string uid;        // item 4: the caller's uid (decimal), SUDO_UID for the audit log
};

// The constant AppleScript source, one `-e` statement per element.
const std::vector<std::string>& authorization_prompt_script();

// osascript's arguments (after the program name): `-e STATEMENT`... then the four items. Nullopt
// when the helper path is not absolute, the uid not decimal, or an item is not valid UTF-8 or
// holds a NUL byte (AppleScript text could not carry it unchanged).
std::optional<std::vector<std::string>> authorization_prompt_arguments(const PromptItems& items);

// The shell command the script hands to `do shell script`, built here the way AppleScript builds
// it (the same fragments, applescript_quoted_form for each item): the tests run it with /bin/sh.
std::string authorization_prompt_shell_command(const PromptItems& items);

// What osascript's exit code, stdout and stderr mean: Ran (the helper's answer and exit code,
// taken from the marker line the command prints after it), Cancelled (error -128, "User
// canceled."), NotAuthorized (error -60005, the authorization was denied), Unavailable (anything
// else, with osascript's stderr as diagnostics).
ElevatedRun authorization_prompt_result(int osascript_exit_code, std::string_view out, std::string_view err);

}  // namespace fshosts::platform
