// Where this operating system keeps its hosts file, and the line ending it writes there.
#pragma once

#include <filesystem>
#include <string_view>

namespace fshosts::platform {

// The system hosts file. Fixed per platform; nothing a caller passes can change it. Windows: the
// directory named by the registry value DataBasePath (administrators only), falling back to
// System32\drivers\etc.
std::filesystem::path system_hosts_path();

// False when system_hosts_path() is not where this OS normally keeps it (Windows: DataBasePath
// was moved). Browsers with their own resolver (Chrome, Firefox) read only the usual place.
bool system_hosts_path_is_default();

// Line ending for a new, empty hosts file on this platform ("\r\n" on Windows).
std::string_view native_eol() noexcept;

}  // namespace fshosts::platform
