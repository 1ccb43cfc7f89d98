// What the OS says about a file without reading it: enough to prove that it has not been written
// since an earlier look, so the compare-and-swap before a rename need not read and hash it again.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>

namespace fshosts::platform {

struct FileStamp {
    bool known = false;    // false where the OS gives no stamp to rely on: compare the contents
    bool settled = false;  // last changed clearly before the stamp was taken (see unchanged_since)
    std::uint64_t device = 0;
    std::uint64_t inode = 0;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    std::int64_t ctime_ns = 0;
};

// The stamp of an open file (taken before reading it), or of the file at `path` now.
FileStamp stamp_of(std::FILE* file);
FileStamp stamp_of(const std::filesystem::path& path);

// True only when `later` proves the file was not written since `earlier` was taken: same file,
// size, mtime and ctime. Every write sets ctime to the current time, which nobody can set back;
// but file systems stamp with a coarse clock (one tick, 1-10 ms), so a write in the same tick as
// the change before it may keep ctime. `earlier` counts only when that change was at least
// settle_margin older than the stamp; otherwise the caller hashes.
bool unchanged_since(const FileStamp& earlier, const FileStamp& later) noexcept;

}  // namespace fshosts::platform
