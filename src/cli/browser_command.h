// `fshosts browser` (docs/browser-preview.md): the preview in a browser window of its own, with
// no hosts change and no administrator rights, through probe::BrowserSession as in the GUI.
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>

namespace fshosts::cli {

// No Chrome, Edge or Chromium was found (README "Exit codes").
inline constexpr int exit_no_browser = 7;
// Stopped with Ctrl+C (SIGINT) or SIGTERM while the check or the window ran.
inline constexpr int exit_interrupted = 130;

struct BrowserCommand {
    CLI::App* command = nullptr;
    std::string address;
    std::string url;
    std::string browser;  // --browser PATH, "" = the first one found
    bool with_twin = false;
    bool headless = false;
    bool check_only = false;
};

// Adds `browser` (with --json into `json_output`).
void add_browser_command(CLI::App& app, BrowserCommand& c, bool& json_output);
// Runs it when it was given; nullopt otherwise. Throws Error for bad input.
std::optional<int> run_browser_command(const BrowserCommand& c, bool json_output);

}  // namespace fshosts::cli
