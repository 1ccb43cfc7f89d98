#include "platform/hosts_path.h"

#include <windows.h>

#include <string>

namespace fshosts::platform {

// %SystemRoot%\System32\drivers\etc\hosts. The registry value DataBasePath can move the
// directory; reading it is the platform issue's work (it must not be user-controlled).
std::filesystem::path system_hosts_path()
{
    wchar_t dir[MAX_PATH] = {};
    UINT n = GetSystemDirectoryW(dir, MAX_PATH);
    std::filesystem::path base = (n > 0 && n < MAX_PATH) ? std::filesystem::path(std::wstring(dir, n))
                                                          : std::filesystem::path(L"C:\\Windows\\System32");
    return base / L"drivers" / L"etc" / L"hosts";
}

std::string_view native_eol() noexcept { return "\r\n"; }

}  // namespace fshosts::platform
