// Internal to platform/: the FSHOSTS_FAULT_POINT=name[:N] rule shared by posix/fault_injection.cpp
// and windows/fault_injection.cpp, which differ only in how they kill the process.
// FSHOSTS_FAULT_POINT=name fires the first time `name` is reached; name:N the N-th time (N >= 1),
// e.g. after the N-th in-place chunk. FSHOSTS_FAULT_ACTION=throw makes the point throw
// std::runtime_error instead of killing the process: an unexpected exception at that step, for
// the tests of what the front ends report then.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>

namespace fshosts::platform::detail {

// True when reaching `name` now is the moment FSHOSTS_FAULT_POINT asks to die at.
inline bool fault_point_matches(const char* name) noexcept
{
    const char* spec = std::getenv("FSHOSTS_FAULT_POINT");
    if (!spec || !name)
        return false;
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
        return false;
    static std::atomic<unsigned long> reached{0};  // counts only the named point
    return reached.fetch_add(1) + 1 == wanted;
}

// Throws when FSHOSTS_FAULT_ACTION asks for an exception instead of a kill at `name`.
inline void throw_if_asked(const char* name)
{
    const char* action = std::getenv("FSHOSTS_FAULT_ACTION");
    if (action && std::strcmp(action, "throw") == 0)
        throw std::runtime_error(std::string("injected fault at ") + name);
}

}  // namespace fshosts::platform::detail
