// The browser preview's platform part (docs/browser-preview.md): where Chrome, Edge and Chromium
// are installed on this system, and starting one as a child process with an argv array (never a
// shell), waiting for it and stopping it. What the browser is told is src/probe/browser_preview.h.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace fshosts::platform {

// A Chromium-based browser that understands --host-resolver-rules and --user-data-dir.
struct BrowserProgram {
    std::string name;            // "Google Chrome", "Microsoft Edge", "Chromium" (not translated: product names)
    std::filesystem::path path;  // absolute
};

// Where this OS keeps the browsers, most preferred first (Chrome, Edge, Chromium): paths that
// may not exist. Linux: the usual program names in PATH and /usr/bin, /opt; macOS: the .app
// bundles in /Applications and ~/Applications; Windows: the registry's App Paths, then
// Program Files and the user's Local AppData.
std::vector<BrowserProgram> browser_candidates();
// The candidates that exist here as regular files, each path once.
std::vector<BrowserProgram> installed_browsers();

// Whether Chromium must be started with --no-sandbox: only when running as root on Linux, where
// its sandbox refuses to start. False everywhere else.
bool browser_needs_no_sandbox();

// --- The lists themselves, pure and built on every OS (common/browser_paths.cpp), tested on Linux ---

// Linux: each program name in each directory of `search_dirs` (PATH), then the fixed locations.
std::vector<BrowserProgram> linux_browser_candidates(const std::vector<std::filesystem::path>& search_dirs);
// macOS: the bundles' executables in /Applications, then in `home`/Applications.
std::vector<BrowserProgram> macos_browser_candidates(const std::filesystem::path& home);
// Windows: what the registry's App Paths name for chrome.exe and msedge.exe ("" when absent), then
// each of `program_files_dirs` (Program Files, Program Files (x86)) and `local_app_data` (Chrome
// and Chromium installed for one user).
struct WindowsBrowserPlaces {
    std::filesystem::path chrome_app_path;
    std::filesystem::path edge_app_path;
    std::vector<std::filesystem::path> program_files_dirs;
    std::filesystem::path local_app_data;
};
std::vector<BrowserProgram> windows_browser_candidates(const WindowsBrowserPlaces& places);

// A new directory only this user can enter (POSIX: mkdtemp, mode 0700; Windows: under the
// user's own %TEMP%, which other users cannot open), named `prefix` + random characters, in the
// system's temporary folder. Throws Error(Io).
std::filesystem::path create_private_temp_dir(const std::string& prefix);

// A program started in the background. The environment is inherited (a browser needs the
// display, HOME, the user's locale); stdin is the null device, stderr too; stdout goes to
// `stdout_file` when one is given (created, mode 0600), else to the null device.
// POSIX: the program runs in its own process group, so stop() ends what it started too.
// Windows: CreateProcessW with a command line that CommandLineToArgvW reads back exactly
// (platform/helper_command_line.h, quote_windows_argument), in a job object for stop().
class ChildProcess {
public:
    // Throws Error(Io) naming the program when it cannot be started.
    ChildProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
                 const std::filesystem::path& stdout_file = {});
    // Stops a program still running and reaps it.
    ~ChildProcess();
    ChildProcess(ChildProcess&&) noexcept;
    ChildProcess& operator=(ChildProcess&&) noexcept;
    ChildProcess(const ChildProcess&) = delete;
    ChildProcess& operator=(const ChildProcess&) = delete;

    // Waits at most `timeout` for the program to exit; true when it has (then exit_code() is known).
    bool wait_for(std::chrono::milliseconds timeout);
    // Waits for as long as it runs.
    void wait();
    // Kills the program (and what it started) and reaps it.
    void stop();
    bool running() const;
    // The exit status once it has exited: the code, or 128 + the signal's number.
    int exit_code() const;

private:
    struct State;
    std::unique_ptr<State> m_state;
};

}  // namespace fshosts::platform
