// How many rounds a randomised or repetitive test runs: its own count, divided by
// FSHOSTS_TEST_SCALE_DOWN when that is set (a whole number >= 1). `make test` leaves it unset and
// runs every round; `make test-sanitize` sets it (Makefile), because under ASan + UBSan each
// round costs several times more and those builds look for memory errors, which a few dozen
// rounds exercise as well as hundreds. Never fewer than `minimum` rounds.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdlib>

namespace fshosts::test {

inline std::size_t scaled_rounds(std::size_t rounds, std::size_t minimum = 1)
{
    std::size_t divisor = 1;
    if (const char* s = std::getenv("FSHOSTS_TEST_SCALE_DOWN"); s != nullptr && *s != '\0') {
        char* end = nullptr;
        const unsigned long v = std::strtoul(s, &end, 10);
        if (end != s && *end == '\0' && v >= 1)
            divisor = v;
    }
    return std::max(minimum, rounds / divisor);
}

}  // namespace fshosts::test
