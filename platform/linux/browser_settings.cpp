// Linux: the desktop's proxy settings (GNOME through gsettings, KDE's kioslaverc) and where
// Firefox, Chrome, Chromium and Edge keep their profiles and policies, including the snap and
// Flatpak packages of Firefox.
#include "platform/browser_settings.h"

#include "posix/home_directory.h"
#include "posix/run_program.h"
#include "platform/regular_file.h"

#include <cstdlib>
#include <system_error>

namespace fs = std::filesystem;

namespace fshosts::platform {
namespace {

std::string env(const char* name)
{
    const char* value = std::getenv(name);
    return value ? value : "";
}

fs::path home_or_empty()
{
    try {
        return detail::home_directory();
    } catch (...) {
        return {};
    }
}

// A small settings file whole; "" when it is missing, unreadable or not a regular file.
std::string read_small_file(const fs::path& path)
{
    int error = 0;
    std::FILE* f = nullptr;
    try {
        f = open_regular_file(path, error);
    } catch (...) {
        return {};
    }
    if (!f)
        return {};
    std::string out;
    char buf[8192];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0 && out.size() < (std::size_t{1} << 20))
        out.append(buf, n);
    std::fclose(f);
    return out;
}

// GNOME's settings live in dconf, read through gsettings (the desktop's session bus and runtime
// directory passed on, so it reads the user's values, not the defaults). At most 2 s.
std::vector<ProxySetting> gnome_proxy()
{
    const fs::path gsettings = "/usr/bin/gsettings";
    std::error_code ec;
    if (!fs::exists(gsettings, ec))
        return {};
    std::vector<std::string> environment{"PATH=/usr/bin:/bin"};
    for (const char* name : {"HOME", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "XDG_CONFIG_HOME", "XDG_DATA_DIRS"})
        if (const char* value = std::getenv(name))
            environment.push_back(std::string(name) + "=" + value);
    const ProgramResult r = run_program(gsettings, {"list-recursively", "org.gnome.system.proxy"}, environment, {},
                                        std::chrono::milliseconds(2000));
    if (!r.started || r.timed_out || r.exit_code != 0)
        return {};
    return parse_gnome_proxy(r.out);
}

std::vector<ProxySetting> kde_proxy(const fs::path& home)
{
    const std::string config = env("XDG_CONFIG_HOME");
    const fs::path dir = !config.empty() && config.front() == '/' ? fs::path(config) : home / ".config";
    if (dir.empty())
        return {};
    std::vector<ProxySetting> found = parse_kde_proxy(read_small_file(dir / "kioslaverc"));
    for (ProxySetting& p : found)
        p.source = "KDE (" + (dir / "kioslaverc").string() + ")";
    return found;
}

}  // namespace

std::vector<ProxySetting> system_proxy_settings()
{
    std::vector<ProxySetting> out = gnome_proxy();
    for (ProxySetting& p : kde_proxy(home_or_empty()))
        out.push_back(std::move(p));
    return out;
}

BrowserFiles browser_files()
{
    BrowserFiles files;
    const fs::path home = home_or_empty();
    if (!home.empty()) {
        files.firefox_profile_roots = {home / ".mozilla/firefox", home / "snap/firefox/common/.mozilla/firefox",
                                       home / ".var/app/org.mozilla.firefox/.mozilla/firefox"};
    }
    files.firefox_policy_files = {"/etc/firefox/policies/policies.json", "/usr/lib/firefox/distribution/policies.json",
                                  "/usr/lib/firefox-esr/distribution/policies.json",
                                  "/usr/lib64/firefox/distribution/policies.json"};
    files.chromium_policy_dirs = {"/etc/opt/chrome/policies/managed", "/etc/chromium/policies/managed",
                                  "/etc/chromium-browser/policies/managed", "/etc/opt/edge/policies/managed"};
    files.browsers_read_proxy_environment = true;  // Chrome without a desktop's settings; Firefox's "system" proxy
    return files;
}

}  // namespace fshosts::platform
