// Windows counterpart of linux/fault_injection.cpp (same FSHOSTS_FAULT_POINT=name[:N] syntax):
// TerminateProcess is the closest thing to SIGKILL; no handler or destructor runs.
#include "platform/fault_injection.h"

#include <windows.h>

#include <atomic>
#include <cstdlib>
#include <cstring>

namespace fshosts::platform {

void fault_point(const char* name) noexcept
{
    const char* spec = std::getenv("FSHOSTS_FAULT_POINT");
    if (!spec || !name)
        return;
    std::size_t name_length = std::strlen(spec);
    unsigned long wanted = 1;
    if (const char* colon = std::strrchr(spec, ':')) {
        char* end = nullptr;
        unsigned long n = std::strtoul(colon + 1, &end, 10);
        if (end != colon + 1 && *end == '\0' && n >= 1) {
            name_length = static_cast<std::size_t>(colon - spec);
            wanted = n;
        }
    }
    if (std::strlen(name) != name_length || std::strncmp(spec, name, name_length) != 0)
        return;
    static std::atomic<unsigned long> reached{0};
    if (reached.fetch_add(1) + 1 != wanted)
        return;
    TerminateProcess(GetCurrentProcess(), 137);  // the exit code a shell shows for kill -9
    for (;;)
        Sleep(INFINITE);
}

}  // namespace fshosts::platform
