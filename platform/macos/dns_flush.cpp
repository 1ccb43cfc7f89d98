// macOS: the directory service cache (dscacheutil) and mDNSResponder, which answers lookups.
#include "platform/dns_flush.h"

#include "posix/flush_command.h"

namespace fshosts::platform {

std::vector<FlushResult> flush_dns_caches()
{
    return {detail::run_flush("dscacheutil", "/usr/bin/dscacheutil", {"-flushcache"}),
            detail::run_flush("mDNSResponder", "/usr/bin/killall", {"-HUP", "mDNSResponder"})};
}

}  // namespace fshosts::platform
