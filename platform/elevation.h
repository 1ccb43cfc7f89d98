// Running fshosts-helper with administrator rights: directly when we already have them,
// otherwise through the OS prompt (Linux pkexec + our polkit action; Windows UAC through
// ShellExecuteExW "runas", docs/windows.md "Elevation"; macOS the authorization prompt of
// osascript, platform/authorization_prompt.h). The request goes to the helper's stdin (Windows:
// its command line).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace fshosts::platform {

struct ElevatedRun {
    enum class Status {
        Ran,            // the helper ran; exit_code and output are its own
        Cancelled,      // the user dismissed the prompt (pkexec 126, osascript -128): nothing changed
        NotAuthorized,  // refused by policy, or no authentication agent (pkexec 127)
        Unavailable,    // no way to elevate here (no pkexec, not supported on this OS yet)
    };
    Status status = Status::Unavailable;
    int exit_code = -1;
    std::string output;       // the helper's stdout (one JSON object)
    std::string diagnostics;  // stderr of the helper or of the elevation tool
};

// Whether this process may change the system hosts file `hosts` itself, without the helper and
// its prompt. Windows: an actual access check (the file opened for reading, writing and
// deleting, and a file added to its folder: some company PCs grant that to Users), never a
// guess from group membership; false when the environment variable FSHOSTS_ALWAYS_ELEVATE is
// set to 1 (tests, and users who want every change in the helper's audit log). macOS: an access
// check too (platform/write_access.h: the user's own file, writable, in a folder they may add
// to, ACLs included) and the same variable, false for root. Linux: always false (even root goes
// through the helper and its audit log).
bool can_write_without_elevation(const std::filesystem::path& hosts);

// The command that runs a program as administrator from a terminal, for the hint after a
// permission error: "sudo" on Linux and macOS; "" on Windows (there: a terminal opened with
// "Run as administrator").
std::string_view elevation_command() noexcept;

// The window the OS prompt belongs to, as the GUI's native handle (an HWND on Windows); nullptr
// (the default, and the CLI's) for none. Windows: the UAC prompt is owned by that window, so it
// comes up in front of it rather than as a blinking taskbar button. Linux (pkexec's
// authentication agent) and macOS do not need it and ignore it.
void set_prompt_owner(void* native_window) noexcept;

// Runs `helper operation` with administrator rights and `request` on its stdin. Never runs a
// shell; the helper is named by its absolute path.
ElevatedRun run_elevated(const std::filesystem::path& helper, std::string_view operation, std::string_view request);

}  // namespace fshosts::platform
