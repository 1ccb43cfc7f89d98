// Internal to platform/: how long fshosts waits for a lock, and the error when it waited in vain,
// shared by posix/file_lock.cpp and windows/file_lock.cpp (they differ only in the lock calls).
#pragma once

#include "base/error.h"
#include "base/i18n.h"
#include "platform/file_lock.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>

namespace fshosts::platform::detail {

// Tries `try_lock` (true: locked; it throws on a real error) until it succeeds or `wait` has
// passed, sleeping 5 ms, then up to 100 ms, between tries. Returns whether it got the lock.
template <typename TryLock>
bool lock_within(std::chrono::milliseconds wait, TryLock try_lock)
{
    using clock = std::chrono::steady_clock;
    const clock::time_point deadline = clock::now() + wait;
    std::chrono::milliseconds pause{5};
    for (;;) {
        if (try_lock())
            return true;
        const clock::time_point now = clock::now();
        if (now >= deadline)
            return false;
        std::this_thread::sleep_for(std::min<clock::duration>(pause, deadline - now));
        pause = std::min(pause * 2, std::chrono::milliseconds{100});
    }
}

// The FileLock was not free within `wait`.
[[noreturn]] inline void fail_busy(const std::string& guarded, const std::string& lock_file, std::chrono::milliseconds wait)
{
    const double seconds = static_cast<double>(wait.count()) / 1000.0;
    throw Error(ErrorKind::Busy,
                trf("Another program is changing the hosts file {0} (fshosts waited {1:.1f} seconds for its lock {2}). "
                    "Nothing was changed; try again when the other program has finished.",
                    guarded, seconds, lock_file));
}

}  // namespace fshosts::platform::detail
