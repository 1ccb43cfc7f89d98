// POSIX implementation (Linux and macOS share it). Compiled only into fshosts_platform_faults.
// FSHOSTS_FAULT_POINT=name kills the process the first time `name` is reached;
// FSHOSTS_FAULT_POINT=name:N the N-th time (N >= 1), e.g. after the N-th in-place chunk.
#include "platform/fault_injection.h"

#include <signal.h>
#include <unistd.h>

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
    static std::atomic<unsigned long> reached{0};  // counts only the named point
    if (reached.fetch_add(1) + 1 != wanted)
        return;
    ::kill(::getpid(), SIGKILL);
    for (;;)
        ::pause();  // SIGKILL cannot be caught; never return into the step that follows
}

}  // namespace fshosts::platform
