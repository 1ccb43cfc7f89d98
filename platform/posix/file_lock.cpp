// POSIX implementation (Linux and macOS share it): flock(2) on a file in the state directory.
#include "platform/file_lock.h"
#include "platform/secure_dir.h"
#include "internal/lock_wait.h"
#include "posix/posix_file_ops.h"

#include "base/error.h"
#include "base/i18n.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <system_error>

namespace fshosts::platform {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail_lock(const fs::path& path, int err)
{
    const std::string reason = std::generic_category().message(err);
    if (err == EACCES || err == EPERM)
        throw Error(ErrorKind::Permission,
                    trf("You do not have permission to use the lock file {0} ({1}).", path.string(), reason));
    throw Error(ErrorKind::Io, trf("Cannot lock {0}: {1}", path.string(), reason));
}

void create_private_directories(const fs::path& dir)
{
    fs::path failed;
    if (int err = detail::create_private_directories(dir, failed))
        fail_lock(failed, err);
}

}  // namespace

FileLock::FileLock(const fs::path& lock_file, const fs::path& guarded, std::chrono::milliseconds wait) : m_handle(-1)
{
    if (lock_file.has_parent_path())
        create_private_directories(lock_file.parent_path());
    int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0600);
    if (fd < 0)
        fail_lock(lock_file, errno);
    lock(fd, lock_file, guarded, wait);
}

FileLock::FileLock(const SecureDir& dir, const std::string& name, const fs::path& guarded, std::chrono::milliseconds wait)
    : m_handle(-1)
{
    const fs::path lock_file = dir.path() / name;
    const int fd = ::openat(static_cast<int>(dir.m_handle), name.c_str(),
                            O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0600);
    if (fd < 0)
        fail_lock(lock_file, errno);  // ELOOP: a link planted in its place
    // Ours only: a regular file, owned by this user (or root), that nobody else can write.
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (st.st_uid != ::geteuid() && st.st_uid != 0) ||
        (st.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        ::close(fd);
        throw Error(ErrorKind::Permission,
                    trf("The lock file {0} is not a private file of this user; fshosts does not use it.", lock_file.string()));
    }
    lock(fd, lock_file, guarded, wait);
}

void FileLock::lock(std::intptr_t handle, const fs::path& lock_file, const fs::path& guarded, std::chrono::milliseconds wait)
{
    const int fd = static_cast<int>(handle);
    const bool locked = detail::lock_within(wait, [&] {
        while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno == EINTR)
                continue;
            if (errno == EWOULDBLOCK)
                return false;
            const int err = errno;
            ::close(fd);
            fail_lock(lock_file, err);
        }
        return true;
    });
    if (!locked) {
        ::close(fd);
        detail::fail_busy(guarded.empty() ? lock_file.string() : guarded.string(), lock_file.string(), wait);
    }
    m_handle = fd;
}

FileLock::~FileLock()
{
    if (m_handle >= 0)
        ::close(static_cast<int>(m_handle));  // closing the last descriptor releases the lock
}

// Non-blocking tries only: a user who holds the lock on the world-readable hosts file must not
// hold up the root helper, which serialises with the lock file in its root-only state directory.
ContentLock::ContentLock(const fs::path& path, std::chrono::milliseconds wait) : m_handle(-1)
{
    const bool done = detail::lock_within(wait, [&] {
        int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
        if (fd < 0)
            return true;  // nothing to lock: the caller reports what is wrong with the file
        struct stat locked {}, current {};
        if (::fstat(fd, &locked) != 0 || !S_ISREG(locked.st_mode)) {
            ::close(fd);
            return true;  // not a regular file: not ours to lock; the reader refuses it
        }
        int rc = 0;
        while ((rc = ::flock(fd, LOCK_EX | LOCK_NB)) != 0 && errno == EINTR) {
        }
        if (rc != 0) {
            const int err = errno;
            ::close(fd);
            return err != EWOULDBLOCK;  // held by someone else: try again; any other error: give up
        }
        if (::lstat(path.c_str(), &current) == 0 && locked.st_dev == current.st_dev && locked.st_ino == current.st_ino) {
            m_handle = fd;
            return true;
        }
        ::close(fd);  // replaced meanwhile: lock the file that is there now
        return false;
    });
    m_timed_out = !done;
}

ContentLock::~ContentLock()
{
    if (m_handle >= 0)
        ::close(static_cast<int>(m_handle));
}

}  // namespace fshosts::platform
