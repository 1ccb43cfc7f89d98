#include "platform/hosts_path.h"
#include "platform/macos_system.h"

namespace fshosts::platform {

std::filesystem::path system_hosts_path() { return macos::hosts_path; }

bool system_hosts_path_is_default() { return true; }

bool non_ascii_lines_may_be_ignored() noexcept { return false; }  // libinfo reads bytes

std::string_view native_eol() noexcept { return "\n"; }

}  // namespace fshosts::platform
