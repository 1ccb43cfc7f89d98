#include "platform/file_lock.h"
#include "platform/secure_dir.h"
#include "internal/lock_wait.h"

#include "base/error.h"
#include "base/i18n.h"
#include "windows/wide.h"

#include <windows.h>

#include <system_error>

namespace fshosts::platform {
namespace {

using windows::to_utf8;

[[noreturn]] void fail_lock(const std::filesystem::path& path, DWORD err)
{
    const std::string reason = windows::error_text(err);
    if (err == ERROR_ACCESS_DENIED)
        throw Error(ErrorKind::Permission,
                    trf("You do not have permission to use the lock file {0} ({1}).", to_utf8(path), reason));
    throw Error(ErrorKind::Io, trf("Cannot lock {0}: {1}", to_utf8(path), reason));
}

}  // namespace

FileLock::FileLock(const std::filesystem::path& lock_file, const std::filesystem::path& guarded,
                   std::chrono::milliseconds wait)
    : m_handle(0)
{
    if (lock_file.has_parent_path()) {
        std::error_code ec;
        std::filesystem::create_directories(lock_file.parent_path(), ec);  // ACL inherited from the state root
        if (ec)
            throw Error(ErrorKind::Io, trf("Cannot lock {0}: {1}", to_utf8(lock_file), ec.message()));
    }
    HANDLE h = CreateFileW(lock_file.c_str(), GENERIC_READ | GENERIC_WRITE,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL, nullptr);
    if (h == INVALID_HANDLE_VALUE)
        fail_lock(lock_file, GetLastError());
    lock(reinterpret_cast<std::intptr_t>(h), lock_file, guarded, wait);
}

// Windows' SecureDir works with paths (secure_dir.h): the lock file is opened by its path, and
// never through a reparse point.
FileLock::FileLock(const SecureDir& dir, const std::string& name, const std::filesystem::path& guarded,
                   std::chrono::milliseconds wait)
    : m_handle(0)
{
    const std::filesystem::path lock_file = dir.path() / windows::to_wide(name);
    HANDLE h = CreateFileW(lock_file.c_str(), GENERIC_READ | GENERIC_WRITE,
                           FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
                           FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr);
    if (h == INVALID_HANDLE_VALUE)
        fail_lock(lock_file, GetLastError());
    lock(reinterpret_cast<std::intptr_t>(h), lock_file, guarded, wait);
}

void FileLock::lock(std::intptr_t handle, const std::filesystem::path& lock_file, const std::filesystem::path& guarded,
                    std::chrono::milliseconds wait)
{
    HANDLE h = reinterpret_cast<HANDLE>(handle);
    const bool locked = detail::lock_within(wait, [&] {
        OVERLAPPED whole_file{};
        if (LockFileEx(h, LOCKFILE_EXCLUSIVE_LOCK | LOCKFILE_FAIL_IMMEDIATELY, 0, MAXDWORD, MAXDWORD, &whole_file))
            return true;
        const DWORD err = GetLastError();
        if (err == ERROR_LOCK_VIOLATION || err == ERROR_IO_PENDING)
            return false;
        CloseHandle(h);
        fail_lock(lock_file, err);
    });
    if (!locked) {
        CloseHandle(h);
        detail::fail_busy(to_utf8(guarded.empty() ? lock_file : guarded), to_utf8(lock_file), wait);
    }
    m_handle = handle;
}

FileLock::~FileLock()
{
    HANDLE h = reinterpret_cast<HANDLE>(m_handle);
    OVERLAPPED whole_file{};
    UnlockFileEx(h, 0, MAXDWORD, MAXDWORD, &whole_file);
    CloseHandle(h);
}

// LockFileEx locks are mandatory on Windows: locking the hosts file would stop the DNS client
// from reading it. Writers on Windows are serialised by the state-directory lock alone.
ContentLock::ContentLock(const std::filesystem::path&, std::chrono::milliseconds) : m_handle(-1) {}

ContentLock::~ContentLock() = default;

}  // namespace fshosts::platform
