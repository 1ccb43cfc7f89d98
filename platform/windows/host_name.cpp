#include "platform/host_name.h"

#include <windows.h>

namespace fshosts::platform {

std::string host_name()
{
    wchar_t name[256] = {};
    DWORD size = 256;
    if (!GetComputerNameExW(ComputerNameDnsFullyQualified, name, &size) || size == 0)
        return {};
    const int wide_length = static_cast<int>(size);  // without the terminating NUL
    const int n = WideCharToMultiByte(CP_UTF8, 0, name, wide_length, nullptr, 0, nullptr, nullptr);
    std::string utf8(static_cast<std::size_t>(n > 0 ? n : 0), '\0');
    if (n > 0)
        WideCharToMultiByte(CP_UTF8, 0, name, wide_length, utf8.data(), n, nullptr, nullptr);
    return utf8;
}

}  // namespace fshosts::platform
