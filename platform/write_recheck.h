// How long after writing the hosts file fshosts reads it again, to tell the user when a security
// program undid the change at once (Microsoft Defender's HostsFileHijack remediation resets the
// file, other suites comment lines out). Zero where no such program is known to act on the hosts
// file: then there is no re-read. Core's ChangeService does the waiting and the re-read
// (core/write_recheck.h); the delay is the only thing that differs per system.
#pragma once

#include <chrono>

namespace fshosts::platform {

std::chrono::milliseconds hosts_recheck_delay() noexcept;

}  // namespace fshosts::platform
