// An exclusive, blocking inter-process lock held for an object's lifetime. Every fshosts
// process that changes a hosts file takes the same lock first, so their changes serialise.
#pragma once

#include <cstdint>
#include <filesystem>

namespace fshosts::platform {

class FileLock {
public:
    // Creates `lock_file` (and its parent directories, mode 0700) if needed and waits for the lock.
    explicit FileLock(const std::filesystem::path& lock_file);
    ~FileLock();
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;

private:
    std::intptr_t m_handle;
};

// An advisory lock on the file at `path` itself, held while its content is checked and replaced,
// so writers that do not share a state directory (another user's fshosts on the same file) still
// take turns. Waits for the lock, and locks again when the path was replaced meanwhile. A file
// that cannot be opened for reading is not locked (the write that follows reports the problem).
// Windows has no advisory locks: a no-op there.
class ContentLock {
public:
    explicit ContentLock(const std::filesystem::path& path);
    ~ContentLock();
    ContentLock(const ContentLock&) = delete;
    ContentLock& operator=(const ContentLock&) = delete;

private:
    std::intptr_t m_handle;
};

}  // namespace fshosts::platform
