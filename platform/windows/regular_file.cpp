// Windows implementation: _wfopen, then _fstat64 on the same descriptor.
#include "platform/regular_file.h"
#include "internal/regular_file_errors.h"

#include <sys/stat.h>
#include <sys/types.h>

#include <cerrno>
#include <string>

namespace fshosts::platform {
namespace {

std::string utf8(const std::filesystem::path& path)
{
    const std::u8string s = path.u8string();
    return std::string(s.begin(), s.end());
}

}  // namespace

std::FILE* open_regular_file(const std::filesystem::path& path, int& error)
{
    std::FILE* file = ::_wfopen(path.c_str(), L"rb");
    if (file == nullptr) {
        error = errno;
        return nullptr;
    }
    struct _stat64 st {};
    if (::_fstat64(::_fileno(file), &st) != 0) {
        error = errno;
        std::fclose(file);
        return nullptr;
    }
    if ((st.st_mode & _S_IFMT) != _S_IFREG) {
        std::fclose(file);
        detail::fail_not_regular_file(utf8(path), (st.st_mode & _S_IFMT) == _S_IFDIR ? _("a folder") : _("a device"));
    }
    if (static_cast<std::uint64_t>(st.st_size) > max_hosts_file_bytes) {
        std::fclose(file);
        detail::fail_too_large_file(utf8(path));
    }
    return file;
}

void fail_too_large(const std::filesystem::path& path) { detail::fail_too_large_file(utf8(path)); }

}  // namespace fshosts::platform
