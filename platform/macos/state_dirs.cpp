#include "platform/state_dirs.h"

#include "posix/home_directory.h"

namespace fshosts::platform {

std::filesystem::path system_state_dir() { return "/Library/Application Support/fshosts"; }

std::filesystem::path user_state_dir()
{
    return detail::home_directory() / "Library" / "Application Support" / "fshosts";
}

}  // namespace fshosts::platform
