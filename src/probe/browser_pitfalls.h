// Why a browser may keep showing the old site although the hosts file points the name at the
// preview server, found from this computer's settings: proxies (system, environment, browser
// policies), Firefox's DNS over HTTPS, Safari's iCloud Private Relay, HSTS with a certificate that
// does not cover the name, and the open connections Chrome and Edge keep. Read only.
#pragma once

#include "platform/browser_settings.h"

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::probe {

struct Pitfall {
    std::string id;       // stable, for --json: proxy, proxy-script, proxy-auto-detect, firefox-doh,
                          // firefox-ignores-hosts, private-relay, hsts, open-connections
    bool certain = false; // true: the preview does not show there until this is fixed; false: it may not, or advice
    std::string where;    // the setting: a file, an environment variable, "GNOME", ...
    std::string title;    // one line for a banner (translated)
    std::string message;  // what it does to the preview (translated)
    std::string fix;      // what to do (translated)
};

// Everything the search looks at, so tests give their own files and environment.
struct PitfallInputs {
    std::vector<std::string> names;                                // the previewed names (ASCII, A-labels)
    std::vector<platform::ProxySetting> system_proxies;            // platform::system_proxy_settings()
    std::function<std::optional<std::string>(const char*)> environment;  // getenv
    platform::BrowserFiles files;                                  // platform::browser_files()
    std::optional<bool> certificate_covers;                        // the pre-flight's answer; nullopt: not probed
    bool hsts_seen = false;                                        // the site sent Strict-Transport-Security
};

// The inputs of this computer for `names` (reads the system's proxy settings: up to ~2 s on Linux
// when gsettings is slow).
PitfallInputs this_computer(std::vector<std::string> names);

// Every pitfall found, the certain ones first; the open-connections advice is always last.
std::vector<Pitfall> find_pitfalls(const PitfallInputs& inputs);

// The pitfalls as the CLI prints them (translated): a heading, then for each its title, what it
// does and the fix; "" when there are none.
std::string format_pitfalls(const std::vector<Pitfall>& pitfalls);

// True when a proxy exception list lets `name` go direct; compared without case. "*" covers every
// name, "<local>" names without a dot. Otherwise entries are host patterns ('*' any run of
// characters; ".example.jp" is "*.example.jp", subdomains only; "example.jp" itself only), as
// Chrome, Windows, GNOME and macOS read them; with `by_suffix` (no_proxy, Firefox) "example.jp",
// ".example.jp" and "*.example.jp" all cover example.jp and its subdomains. Where the readings
// differ, the narrower one is taken: a proxy is reported rather than missed.
bool bypasses(const std::vector<std::string>& exceptions, std::string_view name, bool by_suffix = false);

// True when the whole top-level domain of `name` is on the browsers' HSTS preload list (.app,
// .dev, ...): https only, and no way past a certificate error.
bool hsts_preloaded_tld(std::string_view name);

}  // namespace fshosts::probe
