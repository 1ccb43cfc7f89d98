// The Linux immutable flag (chattr +i) on a test's file, and a guard that clears it again so the
// temp directory can be removed. Linux only; needs root (CAP_LINUX_IMMUTABLE).
#pragma once

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <filesystem>

namespace fshosts::test {

// Sets or clears FS_IMMUTABLE_FL; false if the file system has no such flag.
inline bool set_immutable(const std::filesystem::path& p, bool on)
{
    const int fd = ::open(p.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return false;
    int flags = 0;
    bool ok = ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0;
    if (ok) {
        flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
        ok = ::ioctl(fd, FS_IOC_SETFLAGS, &flags) == 0;
    }
    ::close(fd);
    return ok;
}

// Clears the immutable flag whatever happens, so the temp directory can be removed.
struct ImmutableGuard {
    std::filesystem::path path;
    ~ImmutableGuard() { set_immutable(path, false); }
};

}  // namespace fshosts::test
