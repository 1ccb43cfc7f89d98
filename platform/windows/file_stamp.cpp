// Windows: the volume serial number and the 128-bit file id (FILE_ID_INFO) name the file; size,
// LastWriteTime and ChangeTime (FILE_BASIC_INFO, 100 ns ticks; ChangeTime is set by every write
// and nobody can set it back) tell whether it was written. NTFS stamps with the system clock
// (~16 ms), so the settle margin is the POSIX one.
#include "platform/file_stamp.h"

#include "windows/wide.h"

#include <windows.h>

#include <cstring>
#include <io.h>

namespace fshosts::platform {
namespace {

constexpr std::int64_t settle_margin_ns = 50'000'000;

std::int64_t now_ns()
{
    FILETIME ft{};
    GetSystemTimePreciseAsFileTime(&ft);
    ULARGE_INTEGER t{};
    t.LowPart = ft.dwLowDateTime;
    t.HighPart = ft.dwHighDateTime;
    return static_cast<std::int64_t>(t.QuadPart) * 100;
}

FileStamp from_handle(HANDLE h)
{
    FILE_BASIC_INFO basic{};
    FILE_STANDARD_INFO standard{};
    FILE_ID_INFO id{};
    if (!GetFileInformationByHandleEx(h, FileBasicInfo, &basic, sizeof basic) ||
        !GetFileInformationByHandleEx(h, FileStandardInfo, &standard, sizeof standard))
        return {};
    FileStamp s;
    if (GetFileInformationByHandleEx(h, FileIdInfo, &id, sizeof id)) {
        s.device = id.VolumeSerialNumber;
        std::uint64_t halves[2] = {};
        static_assert(sizeof halves == sizeof id.FileId);
        std::memcpy(halves, &id.FileId, sizeof halves);
        s.inode = halves[0] ^ (halves[1] * 0x9E3779B97F4A7C15ull);
    } else {
        BY_HANDLE_FILE_INFORMATION info{};  // before Windows 8 / on file systems without FileIdInfo
        if (!GetFileInformationByHandle(h, &info))
            return {};
        s.device = info.dwVolumeSerialNumber;
        s.inode = (static_cast<std::uint64_t>(info.nFileIndexHigh) << 32) | info.nFileIndexLow;
    }
    s.known = true;
    s.size = static_cast<std::uint64_t>(standard.EndOfFile.QuadPart);
    s.mtime_ns = basic.LastWriteTime.QuadPart * 100;
    s.ctime_ns = basic.ChangeTime.QuadPart * 100;
    s.settled = std::max(s.ctime_ns, s.mtime_ns) + settle_margin_ns < now_ns();
    return s;
}

}  // namespace

FileStamp stamp_of(std::FILE* file)
{
    if (!file)
        return {};
    const intptr_t os_handle = _get_osfhandle(_fileno(file));
    if (os_handle == -1)
        return {};
    return from_handle(reinterpret_cast<HANDLE>(os_handle));
}

FileStamp stamp_of(const std::filesystem::path& path)
{
    // No access rights asked for: only attributes are read, and other programs may do anything.
    windows::Handle h(CreateFileW(path.c_str(), FILE_READ_ATTRIBUTES, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                                  nullptr, OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, nullptr));
    if (!h)
        return {};
    return from_handle(h.get());
}

bool unchanged_since(const FileStamp& earlier, const FileStamp& later) noexcept
{
    return earlier.known && later.known && earlier.settled && earlier.device == later.device &&
           earlier.inode == later.inode && earlier.size == later.size && earlier.mtime_ns == later.mtime_ns &&
           earlier.ctime_ns == later.ctime_ns;
}

}  // namespace fshosts::platform
