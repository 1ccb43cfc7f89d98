#include "text/protected_names.h"

#include <algorithm>
#include <array>

namespace fshosts {
namespace {

// BleepingComputer, 2020-07-29 (see protected_names.h).
constexpr std::array<std::string_view, 15> reported_names{
    "www.microsoft.com",
    "microsoft.com",
    "telemetry.microsoft.com",
    "wns.notify.windows.com.akadns.net",
    "v10-win.vortex.data.microsoft.com.akadns.net",
    "us.vortex-win.data.microsoft.com",
    "us-v10.events.data.microsoft.com",
    "urs.microsoft.com.nsatc.net",
    "watson.telemetry.microsoft.com",
    "watson.ppe.telemetry.microsoft.com",
    "vsgallery.com",
    "watson.live.com",
    "watson.microsoft.com",
    "telemetry.remoteapp.windowsazure.com",
    "telemetry.urs.microsoft.com",
};

// Every name under these (the domain itself included).
constexpr std::array<std::string_view, 1> protected_domains{"microsoft.com"};

}  // namespace

bool is_defender_protected_name(std::string_view name) noexcept
{
    while (!name.empty() && name.back() == '.')
        name.remove_suffix(1);
    if (std::find(reported_names.begin(), reported_names.end(), name) != reported_names.end())
        return true;
    return std::any_of(protected_domains.begin(), protected_domains.end(), [name](std::string_view domain) {
        return name == domain ||
               (name.size() > domain.size() && name.ends_with(domain) && name[name.size() - domain.size() - 1] == '.');
    });
}

}  // namespace fshosts
