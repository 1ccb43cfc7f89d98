// Windows counterpart of posix/fault_injection.cpp (same FSHOSTS_FAULT_POINT=name[:N] syntax,
// from internal/fault_injection_match.h): TerminateProcess is the closest thing to SIGKILL; no
// handler or destructor runs.
#include "platform/fault_injection.h"

#include "internal/fault_injection_match.h"

#include <windows.h>

namespace fshosts::platform {

void fault_point(const char* name)
{
    if (!detail::fault_point_matches(name))
        return;
    detail::throw_if_asked(name);
    TerminateProcess(GetCurrentProcess(), 137);  // the exit code a shell shows for kill -9
    for (;;)
        Sleep(INFINITE);
}

}  // namespace fshosts::platform
