// Internal to platform/: the user's home directory on POSIX systems, for the state directories
// of linux/state_dirs.cpp and macos/state_dirs.cpp. Implemented in posix/home_directory.cpp.
#pragma once

#include <filesystem>

namespace fshosts::platform::detail {

// $HOME when it is an absolute path, otherwise the password database; throws Error (I/O) when
// neither has one.
std::filesystem::path home_directory();

}  // namespace fshosts::platform::detail
