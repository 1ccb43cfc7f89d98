// The running program's own path, used to find files installed next to it (catalogs, helper).
#pragma once

#include <filesystem>

namespace fshosts::platform {

// Absolute path of the running executable; empty if the OS cannot tell.
std::filesystem::path executable_path();

}  // namespace fshosts::platform
