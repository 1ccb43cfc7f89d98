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

}  // namespace fshosts::platform
