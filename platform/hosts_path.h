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

// Whether the system's resolver may skip a hosts line holding non-ASCII bytes in a file without a
// UTF-8 BOM: Windows reads the file in the ANSI code page (CP932 on Japanese Windows).
bool non_ascii_lines_may_be_ignored() noexcept;

// Line ending for a new, empty hosts file on this platform ("\r\n" on Windows).
std::string_view native_eol() noexcept;

}  // namespace fshosts::platform
