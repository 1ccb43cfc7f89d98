// POSIX implementation (Linux and macOS share it). Compiled only into fshosts_platform_faults.
// The FSHOSTS_FAULT_POINT syntax is in internal/fault_injection_match.h.
#include "platform/fault_injection.h"

#include "internal/fault_injection_match.h"

#include <signal.h>
#include <unistd.h>

namespace fshosts::platform {

void fault_point(const char* name)
{
    if (!detail::fault_point_matches(name))
        return;
    detail::throw_if_asked(name);
    ::kill(::getpid(), SIGKILL);
    for (;;)
        ::pause();  // SIGKILL cannot be caught; never return into the step that follows
}

}  // namespace fshosts::platform
