#include "platform/hosts_path.h"

namespace fshosts::platform {

std::filesystem::path system_hosts_path() { return "/etc/hosts"; }

bool system_hosts_path_is_default() { return true; }

bool non_ascii_lines_may_be_ignored() noexcept { return false; }  // glibc reads bytes

std::string_view native_eol() noexcept { return "\n"; }

}  // namespace fshosts::platform
