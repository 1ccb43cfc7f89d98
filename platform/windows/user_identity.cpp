#include "platform/user_identity.h"

#include "windows/wide.h"

#include <windows.h>

namespace fshosts::platform {

// Administrator rights in effect: the token's Administrators group is enabled
// (CheckTokenMembership). With UAC, an administrator's unelevated token has that group as
// deny-only, so this is false until the process is elevated; the token elevation type covers
// a token that is elevated without the group (a service account given the privileges).
bool is_administrator()
{
    SID_IDENTIFIER_AUTHORITY nt_authority = SECURITY_NT_AUTHORITY;
    PSID administrators = nullptr;
    if (AllocateAndInitializeSid(&nt_authority, 2, SECURITY_BUILTIN_DOMAIN_RID, DOMAIN_ALIAS_RID_ADMINS, 0, 0, 0, 0, 0, 0,
                                 &administrators)) {
        BOOL member = FALSE;
        const BOOL ok = CheckTokenMembership(nullptr, administrators, &member);
        FreeSid(administrators);
        if (ok && member)
            return true;
    }
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return false;
    TOKEN_ELEVATION elevation{};
    DWORD size = 0;
    const bool elevated = GetTokenInformation(token, TokenElevation, &elevation, sizeof elevation, &size) && elevation.TokenIsElevated;
    CloseHandle(token);
    return elevated;
}

// The account name in UTF-8, e.g. "alice" (the audit log writes user=alice); "?" if Windows cannot tell.
std::string acting_user()
{
    wchar_t name[257] = {};  // UNLEN + 1
    DWORD size = 257;
    if (!GetUserNameW(name, &size) || size == 0)
        return "?";
    return windows::to_utf8(std::wstring_view(name, size - 1));  // size counts the terminating NUL
}

}  // namespace fshosts::platform
