#include "platform/user_identity.h"

#include <windows.h>

namespace fshosts::platform {

bool is_administrator()
{
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return false;
    TOKEN_ELEVATION elevation{};
    DWORD size = 0;
    const bool elevated = GetTokenInformation(token, TokenElevation, &elevation, sizeof elevation, &size) && elevation.TokenIsElevated;
    CloseHandle(token);
    return elevated;
}

// The account name in UTF-8, e.g. "user=alice"; "user=?" if Windows cannot tell.
std::string acting_user()
{
    wchar_t name[257] = {};  // UNLEN + 1
    DWORD size = 257;
    if (!GetUserNameW(name, &size) || size == 0)
        return "user=?";
    const int wide_length = static_cast<int>(size - 1);  // size counts the terminating NUL
    const int n = WideCharToMultiByte(CP_UTF8, 0, name, wide_length, nullptr, 0, nullptr, nullptr);
    std::string utf8(static_cast<std::size_t>(n > 0 ? n : 0), '\0');
    if (n > 0)
        WideCharToMultiByte(CP_UTF8, 0, name, wide_length, utf8.data(), n, nullptr, nullptr);
    return "user=" + utf8;
}

}  // namespace fshosts::platform
