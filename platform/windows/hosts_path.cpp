// The hosts file's directory is the registry value DataBasePath under
// HKLM\SYSTEM\CurrentControlSet\Services\Tcpip\Parameters (REG_EXPAND_SZ, by default
// %SystemRoot%\System32\drivers\etc), which only administrators can change; the DNS client reads
// "hosts" there. Browsers with their own resolver (Chrome, Firefox) always read the default
// directory, so a moved one is reported (system_hosts_path_is_default).
#include "platform/hosts_path.h"

#include <windows.h>

#include <string>

namespace fshosts::platform {
namespace {

constexpr const wchar_t* tcpip_parameters = L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters";

// GetSystemDirectoryW()\drivers\etc\hosts.
std::filesystem::path default_hosts_path()
{
    wchar_t dir[MAX_PATH] = {};
    const UINT n = GetSystemDirectoryW(dir, MAX_PATH);
    const std::filesystem::path base = (n > 0 && n < MAX_PATH) ? std::filesystem::path(std::wstring(dir, n))
                                                                : std::filesystem::path(L"C:\\Windows\\System32");
    return base / L"drivers" / L"etc" / L"hosts";
}

// DataBasePath with environment variables expanded; empty when it is unset, not a string, or
// not an absolute path.
std::filesystem::path registry_database_dir()
{
    DWORD type = 0;
    DWORD bytes = 0;
    // RRF_NOEXPAND: the raw REG_EXPAND_SZ, expanded below (RRF_RT_REG_EXPAND_SZ needs it).
    const DWORD flags = RRF_RT_REG_SZ | RRF_RT_REG_EXPAND_SZ | RRF_NOEXPAND;
    if (RegGetValueW(HKEY_LOCAL_MACHINE, tcpip_parameters, L"DataBasePath", flags, &type, nullptr, &bytes) != ERROR_SUCCESS ||
        bytes < sizeof(wchar_t))
        return {};
    std::wstring raw(bytes / sizeof(wchar_t), L'\0');
    if (RegGetValueW(HKEY_LOCAL_MACHINE, tcpip_parameters, L"DataBasePath", flags, &type, raw.data(), &bytes) != ERROR_SUCCESS)
        return {};
    raw.resize(wcsnlen(raw.c_str(), raw.size()));
    std::wstring value = raw;
    if (type == REG_EXPAND_SZ) {
        const DWORD need = ExpandEnvironmentStringsW(raw.c_str(), nullptr, 0);
        if (need == 0)
            return {};
        value.assign(need, L'\0');
        if (ExpandEnvironmentStringsW(raw.c_str(), value.data(), need) == 0)
            return {};
        value.resize(wcsnlen(value.c_str(), value.size()));
    }
    while (!value.empty() && (value.back() == L'\\' || value.back() == L'/'))
        value.pop_back();
    std::filesystem::path dir(value);
    if (value.empty() || !dir.is_absolute())
        return {};
    return dir;
}

bool same_path(const std::filesystem::path& a, const std::filesystem::path& b)
{
    // Windows paths compare without case (CompareStringOrdinal with bIgnoreCase).
    const std::wstring x = a.lexically_normal().native();
    const std::wstring y = b.lexically_normal().native();
    return CompareStringOrdinal(x.c_str(), static_cast<int>(x.size()), y.c_str(), static_cast<int>(y.size()), TRUE) == CSTR_EQUAL;
}

}  // namespace

std::filesystem::path system_hosts_path()
{
    const std::filesystem::path dir = registry_database_dir();
    return dir.empty() ? default_hosts_path() : dir / L"hosts";
}

bool system_hosts_path_is_default() { return same_path(system_hosts_path(), default_hosts_path()); }

bool non_ascii_lines_may_be_ignored() noexcept { return true; }

std::string_view native_eol() noexcept { return "\r\n"; }

}  // namespace fshosts::platform
