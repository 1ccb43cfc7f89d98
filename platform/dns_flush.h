// Clearing the operating system's DNS caches after the hosts file changed, so the new entries
// take effect at once. Best effort: a cache that cannot be flushed is reported, never an error.
#pragma once

#include <string>
#include <vector>

namespace fshosts::platform {

struct FlushResult {
    std::string cache;   // "systemd-resolved", "nscd", "dscacheutil", "mDNSResponder", "Windows DNS client"
    bool ok = false;
    std::string detail;  // the command that ran, or why it failed (translated)
};

// Flushes every cache that is active here; an empty result means there was nothing to flush.
// Needs administrator rights. Programs run by absolute path with an argv array and a minimal
// environment, and are killed after 5 seconds.
std::vector<FlushResult> flush_dns_caches();

}  // namespace fshosts::platform
