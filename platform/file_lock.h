// Inter-process locks held for an object's lifetime, each waited for a bounded time: no lock
// that another program (or another user) holds can make fshosts wait forever.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

namespace fshosts::platform {

class SecureDir;

// The longest fshosts waits for its own lock (FileLock). Tests shorten it with the environment
// variable FSHOSTS_LOCK_WAIT_MS (milliseconds, digits only); a value can only shorten the wait,
// never lengthen it, so it is harmless wherever it is honoured. fshosts-helper clears its
// environment before it does anything, so the root helper always waits the default.
inline constexpr std::chrono::milliseconds default_lock_wait{10000};
// The longest the courtesy ContentLock is waited for (see ContentLock).
inline constexpr std::chrono::milliseconds default_content_lock_wait{2000};

inline std::chrono::milliseconds lock_wait_limit() noexcept
{
    const char* value = std::getenv("FSHOSTS_LOCK_WAIT_MS");
    const std::string_view text = value ? value : "";
    if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string_view::npos)
        return default_lock_wait;
    return std::min(default_lock_wait, std::chrono::milliseconds{std::atol(value)});
}

inline std::chrono::milliseconds content_lock_wait_limit() noexcept
{
    return std::min(default_content_lock_wait, lock_wait_limit());
}

// An exclusive lock on `lock_file` (in fshosts' state directory), which every fshosts process
// that changes a hosts file takes first, so their changes serialise. For the system hosts file
// the state directory belongs to root, so no unprivileged user can hold this lock.
class FileLock {
public:
    // Creates `lock_file` (and its parent directories, mode 0700) if needed and waits for the
    // lock at most `wait`; then throws Error(Busy) "another program is changing the hosts file
    // `guarded`" (`guarded` empty: the lock file is named instead).
    explicit FileLock(const std::filesystem::path& lock_file, const std::filesystem::path& guarded = {},
                      std::chrono::milliseconds wait = lock_wait_limit());
    // The same with the lock file `name` of a checked state directory, opened relative to it
    // without following a link and checked like its other files (secure_dir.h): a link or
    // another user's file planted there is refused.
    FileLock(const SecureDir& dir, const std::string& name, const std::filesystem::path& guarded = {},
             std::chrono::milliseconds wait = lock_wait_limit());
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    void lock(std::intptr_t handle, const std::filesystem::path& lock_file, const std::filesystem::path& guarded,
              std::chrono::milliseconds wait);
    std::intptr_t m_handle;
};

// An advisory lock on the file at `path` itself, held while its content is checked and replaced,
// so writers that do not share a state directory (another user's fshosts on the same file) still
// take turns. It is only a courtesy: anyone who can read the file can take it too (the system
// hosts file is world-readable), so nothing may depend on it. It is tried for at most `wait`
// (locking again when the path was replaced meanwhile) and then given up without an error:
// held() says whether it was taken. Correctness never rests on it: every writer still compares
// the file with the bytes it planned on at the last moment before replacing it. A file that
// cannot be opened for reading is not locked (the write that follows reports the problem).
// Windows has no advisory locks: never held there.
class ContentLock {
public:
    explicit ContentLock(const std::filesystem::path& path, std::chrono::milliseconds wait = content_lock_wait_limit());
    ~ContentLock();
    ContentLock(ContentLock&& other) noexcept
        : m_handle(std::exchange(other.m_handle, -1)), m_timed_out(other.m_timed_out)
    {
    }
    ContentLock(const ContentLock&) = delete;
    ContentLock& operator=(const ContentLock&) = delete;

    bool held() const noexcept { return m_handle >= 0; }
    // True when another process held the lock for all of `wait`.
    bool timed_out() const noexcept { return m_timed_out; }

private:
    std::intptr_t m_handle;
    bool m_timed_out = false;
};

}  // namespace fshosts::platform
