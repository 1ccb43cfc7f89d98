// macOS: the network settings' proxy (scutil --proxy, the values of the current network
// service), Firefox's profiles and policies. Chrome and Edge policies on a Mac are managed
// preferences (binary property lists pushed by MDM), which fshosts does not read: docs/browsers.md.
#include "platform/browser_settings.h"

#include "posix/home_directory.h"
#include "posix/run_program.h"

#include <system_error>

namespace fs = std::filesystem;

namespace fshosts::platform {

std::vector<ProxySetting> system_proxy_settings()
{
    const fs::path scutil = "/usr/sbin/scutil";
    std::error_code ec;
    if (!fs::exists(scutil, ec))
        return {};
    const ProgramResult r = run_program(scutil, {"--proxy"}, {"PATH=/usr/bin:/bin:/usr/sbin:/sbin"}, {},
                                        std::chrono::milliseconds(2000));
    if (!r.started || r.timed_out || r.exit_code != 0)
        return {};
    return parse_scutil_proxy(r.out);
}

BrowserFiles browser_files()
{
    BrowserFiles files;
    try {
        files.firefox_profile_roots = {detail::home_directory() / "Library/Application Support/Firefox"};
    } catch (...) {  // no home directory: no profiles to read
    }
    files.firefox_policy_files = {"/Applications/Firefox.app/Contents/Resources/distribution/policies.json"};
    files.safari_private_relay_possible = true;
    return files;
}

}  // namespace fshosts::platform
