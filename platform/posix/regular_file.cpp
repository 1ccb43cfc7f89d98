// POSIX implementation (Linux and macOS): open(2) without blocking, fstat, then fdopen.
#include "platform/regular_file.h"
#include "internal/regular_file_errors.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace fshosts::platform {
namespace {

const char* kind_of(mode_t mode)
{
    if (S_ISDIR(mode))
        return _("a folder");
    if (S_ISFIFO(mode))
        return _("a FIFO (named pipe)");
    if (S_ISSOCK(mode))
        return _("a socket");
    if (S_ISCHR(mode) || S_ISBLK(mode))
        return _("a device");
    return _("a special file");
}

}  // namespace

std::FILE* open_regular_file(const std::filesystem::path& path, int& error)
{
    // O_NONBLOCK: opening a FIFO without a writer (or a device that waits for a carrier) returns
    // at once instead of hanging; O_NOCTTY: a terminal never becomes our controlling terminal.
    const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        error = errno;
        return nullptr;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        error = errno;
        ::close(fd);
        return nullptr;
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        detail::fail_not_regular_file(path.string(), kind_of(st.st_mode));
    }
    if (static_cast<std::uint64_t>(st.st_size) > max_hosts_file_bytes) {
        ::close(fd);
        detail::fail_too_large_file(path.string());
    }
    // A regular file never blocks; clear the flag anyway so reads behave the usual way.
    const int flags = ::fcntl(fd, F_GETFL);
    if (flags >= 0)
        (void)::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
    std::FILE* file = ::fdopen(fd, "rb");
    if (file == nullptr) {
        error = errno;
        ::close(fd);
    }
    return file;
}

void fail_too_large(const std::filesystem::path& path) { detail::fail_too_large_file(path.string()); }

}  // namespace fshosts::platform
