// Where this system keeps the settings that decide whether a browser uses the hosts file at all:
// the desktop's proxy settings and the browsers' own configuration and policy files. Read only;
// nothing here changes a setting. src/probe/browser_pitfalls.cpp turns them into advice.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::platform {

// A proxy configuration as the system stores it. A browser that uses it lets the proxy look the
// name up, so the hosts file has no effect unless the name is in `bypass`.
struct ProxySetting {
    std::string source;               // where it was read, shown to the user ("GNOME", "Windows Internet Options", ...)
    std::string http;                 // "host:port" for http://, "" when none
    std::string https;                // "host:port" for https://, "" when none
    std::string pac_url;              // an automatic configuration (PAC) script, "" when none
    bool auto_detect = false;         // WPAD: the proxy is discovered on the network
    std::vector<std::string> bypass;  // the exceptions, as the system writes them ("*.example.jp", "<local>")
    bool bypass_by_suffix = false;    // no_proxy and Firefox: "example.jp" covers its subdomains too

    bool any() const noexcept { return !http.empty() || !https.empty() || !pac_url.empty() || auto_detect; }
};

// The desktop's or the OS's own proxy settings, not the environment variables (the caller reads
// those). Linux: GNOME (gsettings) and KDE (kioslaverc); Windows: the user's Internet Options;
// macOS: the network settings (scutil --proxy). Only the ones that set a proxy; empty when none
// is set or the system does not say. Never throws.
std::vector<ProxySetting> system_proxy_settings();

// The browsers' files that can make them bypass or ignore the hosts file.
struct BrowserFiles {
    std::vector<std::filesystem::path> firefox_profile_roots;  // directories that may hold profiles.ini
    std::vector<std::filesystem::path> firefox_policy_files;   // enterprise policies.json candidates
    std::vector<std::filesystem::path> chromium_policy_dirs;   // directories of *.json policy files (Chrome, Chromium, Edge)
    std::vector<ProxySetting> chromium_policy_proxies;         // proxy policies kept elsewhere (Windows: the registry)
    bool safari_private_relay_possible = false;                // macOS: Safari may send names through iCloud Private Relay
    bool browsers_read_proxy_environment = false;              // Linux: http_proxy and friends reach the browsers
};

// Where they are on this system for the current user (paths that may not exist). Never throws.
BrowserFiles browser_files();

// --- The settings' text formats, pure and tested on every OS (common/browser_settings_text.cpp) ---

// `gsettings list-recursively org.gnome.system.proxy`; nothing when the mode is 'none'.
std::vector<ProxySetting> parse_gnome_proxy(std::string_view text);
// KDE's kioslaverc ([Proxy Settings] ProxyType=1 manual, 2 script, 3 auto-detect; 4 means the
// environment variables, which the caller reads itself).
std::vector<ProxySetting> parse_kde_proxy(std::string_view text);
// `scutil --proxy` (macOS).
std::vector<ProxySetting> parse_scutil_proxy(std::string_view text);
// Windows Internet Options: ProxyEnable, ProxyServer ("host:port" or "http=h:p;https=h:p"),
// ProxyOverride ("a;*.b;<local>"), AutoConfigURL.
std::vector<ProxySetting> parse_windows_proxy(bool enabled, std::string_view server, std::string_view override_list,
                                              std::string_view autoconfig_url, std::string source);

}  // namespace fshosts::platform
