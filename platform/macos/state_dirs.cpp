#include "platform/state_dirs.h"
#include "platform/macos_system.h"

#include "posix/home_directory.h"

namespace fshosts::platform {

std::filesystem::path system_state_dir() { return macos::system_state_dir; }

std::filesystem::path user_state_dir() { return detail::home_directory() / macos::user_state_dir_in_home; }

}  // namespace fshosts::platform
