#include "platform/state_dirs.h"

#include "posix/home_directory.h"

#include <cstdlib>

namespace fshosts::platform {

std::filesystem::path system_state_dir() { return "/var/lib/fshosts"; }

std::filesystem::path user_state_dir()
{
    const char* xdg = std::getenv("XDG_STATE_HOME");
    if (xdg && xdg[0] == '/')  // the XDG spec says to ignore a relative path
        return std::filesystem::path(xdg) / "fshosts";
    return detail::home_directory() / ".local" / "state" / "fshosts";
}

}  // namespace fshosts::platform
