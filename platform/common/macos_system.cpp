#include "platform/macos_system.h"

namespace fshosts::platform::macos {

std::vector<FlushCommand> dns_flush_commands()
{
    return {{"dscacheutil", "/usr/bin/dscacheutil", {"-flushcache"}},
            {"mDNSResponder", "/usr/bin/killall", {"-HUP", "mDNSResponder"}}};
}

}  // namespace fshosts::platform::macos
