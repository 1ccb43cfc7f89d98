#include "core/hosts_io.h"

#include "base/error.h"
#include "base/i18n.h"
#include "platform/regular_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <system_error>
#include <vector>

namespace fshosts {
namespace {

struct FileCloser {
    void operator()(std::FILE* f) const noexcept { std::fclose(f); }
};
using File = std::unique_ptr<std::FILE, FileCloser>;

[[noreturn]] void throw_read_error(const std::filesystem::path& path, int err)
{
    const std::string reason = std::generic_category().message(err);
    if (err == EACCES || err == EPERM)
        throw Error(ErrorKind::Permission, trf("You do not have permission to read {0} ({1}).", path.string(), reason));
    throw Error(ErrorKind::Io, trf("Cannot read {0}: {1}", path.string(), reason));
}

// Opens a regular file of at most platform::max_hosts_file_bytes without blocking (a FIFO, a
// device or a folder is refused at once); throws Error.
File open_for_reading(const std::filesystem::path& path)
{
    int err = 0;
    File f(platform::open_regular_file(path, err));
    if (!f)
        throw_read_error(path, err ? err : EIO);
    return f;
}

// Reads the whole file into `bytes` (a std::string or a ByteBuffer) sized from its stamp, in
// one read when the size holds; returns the stamp taken before the first byte was read (a
// write after that point changes it). A file that grows past the limit while it is read is
// refused like one that was too large from the start.
template <typename Buffer>
platform::FileStamp read_whole(const std::filesystem::path& path, Buffer& bytes)
{
    errno = 0;
    File f = open_for_reading(path);
    const platform::FileStamp stamp = platform::stamp_of(f.get());
    const std::size_t expected = stamp.known ? static_cast<std::size_t>(stamp.size) : 0;
    bytes.resize(expected);
    const std::size_t got = expected ? std::fread(bytes.data(), 1, expected, f.get()) : 0;
    bytes.resize(got);
    if (got == expected) {  // the size was unknown, or the file grows while we read
        char buffer[65536];
        std::size_t n = 0;
        while ((n = std::fread(buffer, 1, sizeof buffer, f.get())) > 0) {
            const std::size_t at = bytes.size();
            if (at + n > platform::max_hosts_file_bytes)
                platform::fail_too_large(path);
            bytes.resize(at + n);
            std::memcpy(bytes.data() + at, buffer, n);
        }
    }
    if (std::ferror(f.get()))
        throw_read_error(path, errno ? errno : EIO);
    return stamp;
}

}  // namespace

std::string read_hosts_file(const std::filesystem::path& path)
{
    std::string bytes;
    read_whole(path, bytes);
    return bytes;
}

StampedBytes read_hosts_file_stamped(const std::filesystem::path& path)
{
    StampedBytes out;
    out.stamp = read_whole(path, out.bytes);
    return out;
}

bool file_holds(const std::filesystem::path& path, std::string_view bytes)
{
    int err = 0;
    File f;
    try {
        f.reset(platform::open_regular_file(path, err));
    } catch (const Error&) {
        return false;  // not a regular file any more, or too large: not the bytes we planned on
    }
    if (!f)
        return false;
    std::setvbuf(f.get(), nullptr, _IONBF, 0);  // read straight into the chunk below
    std::vector<char> chunk(256 * 1024);
    std::size_t at = 0;
    for (;;) {
        const std::size_t n = std::fread(chunk.data(), 1, chunk.size(), f.get());
        if (n == 0)
            return !std::ferror(f.get()) && at == bytes.size();
        if (n > bytes.size() - at || std::memcmp(chunk.data(), bytes.data() + at, n) != 0)
            return false;
        at += n;
    }
}

}  // namespace fshosts
