#include "cli/browser_command.h"

#include "base/error.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "cli/probe_commands.h"
#include "cli/translations.h"
#include "probe/browser_preview.h"

#include <nlohmann/json.hpp>

#include <atomic>
#include <csignal>
#include <iostream>

namespace fshosts::cli {
namespace {

using nlohmann::json;

std::atomic<bool> g_interrupted{false};
static_assert(std::atomic<bool>::is_always_lock_free);

extern "C" void on_interrupt(int) { g_interrupted.store(true); }

void say(const std::string& text) { std::cout << displayable_lines(text) << '\n' << std::flush; }

std::string hosts_preview_command(const probe::BrowserTarget& t, bool with_twin)
{
    return "fshosts apply --ip " + t.address + (with_twin ? " --with-twin " : " ") + t.host;
}

}  // namespace

void add_browser_command(CLI::App& app, BrowserCommand& c, bool& json_output)
{
    c.command = app.add_subcommand(
        "browser", _("Open a preview browser: a window of its own sees the address, no hosts change, no administrator rights"));
    c.command->add_option("--ip", c.address, _("The futureshop server address (IPv4 or IPv6)"))->required();
    c.command->add_flag("--with-twin", c.with_twin, _("Also map the www/apex twin (www.example.jp <-> example.jp)"));
    c.command->add_option("--browser", c.browser, _("The browser program (Chrome, Edge or Chromium); default: the first one found"));
    c.command->add_flag("--headless", c.headless,
                        _("No window (scripts, tests): the browser loads the page once, headless, and its title is printed"));
    c.command->add_flag("--check-only", c.check_only, _("Only check that the browser honours the rules; open no window"));
    c.command->add_flag("--json", json_output, _("Print JSON for scripts"));
    c.command->add_option("url", c.url, _("The contract URL or domain (https:// when no scheme is given)"))->required();
}

std::optional<int> run_browser_command(const BrowserCommand& c, bool json_output)
{
    if (c.command == nullptr || !*c.command)
        return std::nullopt;
    const probe::BrowserTarget target = probe::browser_target(c.url, c.address, c.with_twin);
    const std::optional<platform::BrowserProgram> browser = probe::choose_browser(c.browser);
    if (!browser) {
        const std::string message =
            _("No Chrome, Edge or Chromium was found on this PC. Install one, or name the program with --browser PATH.");
        if (json_output)
            std::cout << json{{"ok", false}, {"error", {{"kind", "no_browser"}, {"message", message}, {"exit_code", exit_no_browser}}}}
                             .dump(2)
                      << '\n';
        std::cerr << "fshosts: " << message << '\n';
        return exit_no_browser;
    }
    std::signal(SIGINT, on_interrupt);
    std::signal(SIGTERM, on_interrupt);

    probe::BrowserOptions options;
    options.browser = browser->path;
    options.headless = c.headless;
    options.language = ui_language();
    options.cancel = &g_interrupted;
    probe::BrowserSession session(target, options);
    const std::string profile = session.profile().string();
    if (!json_output) {
        say(trf("Browser: {0} ({1})", browser->name, browser->path.string()));
        say(trf("Rules: {0}", probe::host_resolver_rules(target.names, target.address)));
        say(trf("Checking that the browser reaches {0} at {1}...", target.host, target.address));
    }
    const probe::BrowserCheck check = session.check();
    const std::vector<probe::Finding> found = probe::browser_findings(check, target);
    if (!json_output) {
        for (const probe::Finding& f : found)
            say((f.problem ? "  ! " : "  ") + f.message);
        if (check.verdict != "honoured" && check.verdict != "cancelled")
            say(trf("To preview with the hosts file instead (administrator rights needed):\n  {0}",
                    hosts_preview_command(target, c.with_twin)));
    }
    bool opened = false;
    std::string window_title;
    if (check.passed() && !c.check_only && !g_interrupted.load()) {
        if (!json_output)
            say(c.headless ? _("Opening the page headless...")
                           : _("Preview window open. Close it to end the preview; its temporary profile is then deleted."));
        window_title = session.open_and_wait();
        opened = true;
    }
    const bool removed = session.close();
    if (!json_output) {
        if (c.headless && opened)
            say(trf("The page the preview window showed: \"{0}\"", window_title));
        if (opened || removed)
            say(removed ? trf("Removed the temporary profile {0}.", profile)
                        : trf("Warning: could not remove the temporary profile {0}.", profile));
    }
    if (json_output) {
        json j{{"ok", true},
               {"operation", "browser"},
               {"browser", {{"name", browser->name}, {"path", browser->path.string()}}},
               {"url", target.url},
               {"names", target.names},
               {"address", target.address},
               {"rules", probe::host_resolver_rules(target.names, target.address)},
               {"check",
                {{"verdict", check.verdict},
                 {"seen", check.seen},
                 {"proxy", check.proxy},
                 {"title", check.title},
                 {"browser_exit_code", check.browser_exit_code},
                 {"preflight",
                  {{"reached", check.preflight.reached},
                   {"status", check.preflight.status},
                   {"error_kind", check.preflight.error_kind}}}}},
               {"passed", check.passed()},
               {"window", {{"opened", opened}, {"title", window_title}}},
               {"profile_dir", profile},
               {"profile_removed", removed}};
        json findings = json::array();
        for (const probe::Finding& f : found)
            findings.push_back({{"kind", f.kind}, {"problem", f.problem}, {"message", f.message}});
        j["findings"] = findings;
        if (check.verdict != "honoured")
            j["hosts_preview_command"] = hosts_preview_command(target, c.with_twin);
        std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n' << std::flush;
    }
    if (g_interrupted.load())
        return exit_interrupted;
    return check.passed() ? exit_ok : exit_check_failed;
}

}  // namespace fshosts::cli
