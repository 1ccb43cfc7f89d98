// macOS: the directory service cache (dscacheutil) and mDNSResponder, which answers lookups
// (the commands: platform/macos_system.h).
#include "platform/dns_flush.h"
#include "platform/macos_system.h"

#include "posix/flush_command.h"

#include <string>

namespace fshosts::platform {

std::vector<FlushResult> flush_dns_caches()
{
    std::vector<FlushResult> results;
    for (const macos::FlushCommand& c : macos::dns_flush_commands())
        results.push_back(detail::run_flush(std::string(c.cache).c_str(), std::string(c.program).c_str(),
                                            std::vector<std::string>(c.args.begin(), c.args.end())));
    return results;
}

}  // namespace fshosts::platform
