// POSIX stat fields (st_mtim/st_ctim with nanoseconds, as Linux names them).
#include "platform/file_stamp.h"

#include <sys/stat.h>
#include <time.h>

namespace fshosts::platform {
namespace {

// Five times the coarsest common timestamp tick (10 ms at HZ=100).
constexpr std::int64_t settle_margin_ns = 50'000'000;

std::int64_t nanoseconds(const struct timespec& t) { return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec; }

FileStamp from_stat(const struct stat& st)
{
    struct timespec now {};
    ::clock_gettime(CLOCK_REALTIME, &now);
    FileStamp s;
    s.known = true;
    s.device = static_cast<std::uint64_t>(st.st_dev);
    s.inode = static_cast<std::uint64_t>(st.st_ino);
    s.size = static_cast<std::uint64_t>(st.st_size);
    s.mtime_ns = nanoseconds(st.st_mtim);
    s.ctime_ns = nanoseconds(st.st_ctim);
    s.settled = s.ctime_ns + settle_margin_ns < nanoseconds(now);
    return s;
}

}  // namespace

FileStamp stamp_of(std::FILE* file)
{
    struct stat st {};
    if (!file || ::fstat(::fileno(file), &st) != 0)
        return {};
    return from_stat(st);
}

FileStamp stamp_of(const std::filesystem::path& path)
{
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0)
        return {};
    return from_stat(st);
}

bool unchanged_since(const FileStamp& earlier, const FileStamp& later) noexcept
{
    return earlier.known && later.known && earlier.settled && earlier.device == later.device &&
           earlier.inode == later.inode && earlier.size == later.size && earlier.mtime_ns == later.mtime_ns &&
           earlier.ctime_ns == later.ctime_ns;
}

}  // namespace fshosts::platform
