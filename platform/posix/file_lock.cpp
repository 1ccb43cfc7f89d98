// POSIX implementation (Linux and macOS share it): flock(2) on a file in the state directory.
#include "platform/file_lock.h"
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

FileLock::FileLock(const fs::path& lock_file) : m_handle(-1)
{
    if (lock_file.has_parent_path())
        create_private_directories(lock_file.parent_path());
    int fd = ::open(lock_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        fail_lock(lock_file, errno);
    while (::flock(fd, LOCK_EX) != 0) {
        if (errno == EINTR)
            continue;
        const int err = errno;
        ::close(fd);
        fail_lock(lock_file, err);
    }
    m_handle = fd;
}

FileLock::~FileLock()
{
    if (m_handle >= 0)
        ::close(static_cast<int>(m_handle));  // closing the last descriptor releases the lock
}

ContentLock::ContentLock(const fs::path& path) : m_handle(-1)
{
    for (;;) {
        int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
        if (fd < 0)
            return;
        while (::flock(fd, LOCK_EX) != 0 && errno == EINTR) {
        }
        struct stat locked {}, current {};
        if (::fstat(fd, &locked) == 0 && ::lstat(path.c_str(), &current) == 0 && locked.st_dev == current.st_dev &&
            locked.st_ino == current.st_ino) {
            m_handle = fd;
            return;
        }
        ::close(fd);  // replaced while we waited: lock the file that is there now
    }
}

ContentLock::~ContentLock()
{
    if (m_handle >= 0)
        ::close(static_cast<int>(m_handle));
}

}  // namespace fshosts::platform
