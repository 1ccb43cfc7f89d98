// Where this operating system keeps its hosts file, and the line ending it writes there.
#pragma once

#include <filesystem>
#include <string_view>

namespace fshosts::platform {

// The system hosts file. Fixed per platform; nothing a caller passes can change it.
std::filesystem::path system_hosts_path();

// Line ending for a new, empty hosts file on this platform ("\r\n" on Windows).
std::string_view native_eol() noexcept;

}  // namespace fshosts::platform
