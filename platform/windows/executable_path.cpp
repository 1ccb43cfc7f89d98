#include "platform/executable_path.h"

#include <windows.h>

#include <string>

namespace fshosts::platform {

std::filesystem::path executable_path()
{
    std::wstring buffer(32768, L'\0');
    DWORD n = GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
    if (n == 0 || n >= buffer.size())
        return {};
    buffer.resize(n);
    return std::filesystem::path(buffer);
}

}  // namespace fshosts::platform
