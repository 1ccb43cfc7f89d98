// Windows: the user's Internet Options proxy (what Chrome, Edge and, by default, Firefox use),
// Chrome's, Chromium's and Edge's proxy policies in the registry, and Firefox's profiles
// (%APPDATA%\Mozilla\Firefox) and policies (distribution\policies.json beside firefox.exe).
#include "platform/browser_settings.h"

#include "base/i18n.h"
#include "windows/wide.h"

#include <shlobj.h>
#include <windows.h>

#include <optional>

namespace fs = std::filesystem;

namespace fshosts::platform {
namespace {

constexpr const wchar_t* internet_settings = L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings";

// A REG_SZ value (these settings are never REG_EXPAND_SZ; asking for that type too would need
// RRF_NOEXPAND, without which RegGetValueW fails with ERROR_INVALID_PARAMETER).
std::optional<std::string> registry_text(HKEY root, const wchar_t* key, const wchar_t* name)
{
    DWORD bytes = 0;
    if (RegGetValueW(root, key, name, RRF_RT_REG_SZ, nullptr, nullptr, &bytes) != ERROR_SUCCESS ||
        bytes < sizeof(wchar_t))
        return std::nullopt;
    std::wstring value(bytes / sizeof(wchar_t), L'\0');
    if (RegGetValueW(root, key, name, RRF_RT_REG_SZ, nullptr, value.data(), &bytes) != ERROR_SUCCESS)
        return std::nullopt;
    value.resize(wcsnlen(value.c_str(), value.size()));
    return windows::to_utf8(std::wstring_view(value));
}

bool registry_flag(HKEY root, const wchar_t* key, const wchar_t* name)
{
    DWORD value = 0;
    DWORD bytes = sizeof value;
    return RegGetValueW(root, key, name, RRF_RT_REG_DWORD, nullptr, &value, &bytes) == ERROR_SUCCESS && value != 0;
}

fs::path known_folder(REFKNOWNFOLDERID id)
{
    PWSTR path = nullptr;
    fs::path out;
    if (SUCCEEDED(SHGetKnownFolderPath(id, 0, nullptr, &path)))
        out = path;
    CoTaskMemFree(path);
    return out;
}

// ProxyMode / ProxyServer / ProxyPacUrl / ProxyBypassList of one browser's policy key.
void add_browser_policy(std::vector<ProxySetting>& out, HKEY root, const wchar_t* key, const std::string& label)
{
    const std::string mode = registry_text(root, key, L"ProxyMode").value_or("");
    const std::string server = registry_text(root, key, L"ProxyServer").value_or("");
    const std::string pac = registry_text(root, key, L"ProxyPacUrl").value_or("");
    std::string bypass = registry_text(root, key, L"ProxyBypassList").value_or("");
    for (char& c : bypass)
        if (c == ',')
            c = ';';
    std::vector<ProxySetting> found;
    if (mode == "fixed_servers" || (mode.empty() && !server.empty())) {
        found = parse_windows_proxy(true, server, bypass, "", label);
    } else if (mode == "pac_script" || (mode.empty() && !pac.empty())) {
        found = parse_windows_proxy(false, "", "", pac, label);
    } else if (mode == "auto_detect") {
        ProxySetting p;
        p.source = label;
        p.auto_detect = true;
        found.push_back(std::move(p));
    }
    for (ProxySetting& p : found)
        out.push_back(std::move(p));
}

}  // namespace

std::vector<ProxySetting> system_proxy_settings()
{
    return parse_windows_proxy(registry_flag(HKEY_CURRENT_USER, internet_settings, L"ProxyEnable"),
                               registry_text(HKEY_CURRENT_USER, internet_settings, L"ProxyServer").value_or(""),
                               registry_text(HKEY_CURRENT_USER, internet_settings, L"ProxyOverride").value_or(""),
                               registry_text(HKEY_CURRENT_USER, internet_settings, L"AutoConfigURL").value_or(""),
                               _("Windows Internet Options"));
}

BrowserFiles browser_files()
{
    BrowserFiles files;
    if (const fs::path roaming = known_folder(FOLDERID_RoamingAppData); !roaming.empty())
        files.firefox_profile_roots = {roaming / L"Mozilla" / L"Firefox"};
    for (REFKNOWNFOLDERID id : {FOLDERID_ProgramFiles, FOLDERID_ProgramFilesX86})
        if (const fs::path dir = known_folder(id); !dir.empty())
            files.firefox_policy_files.push_back(dir / L"Mozilla Firefox" / L"distribution" / L"policies.json");
    struct Key {
        HKEY root;
        const wchar_t* path;
        const char* browser;
        const char* hive;
    };
    for (const Key& k : {Key{HKEY_LOCAL_MACHINE, L"Software\\Policies\\Google\\Chrome", "Chrome", "HKEY_LOCAL_MACHINE"},
                         Key{HKEY_CURRENT_USER, L"Software\\Policies\\Google\\Chrome", "Chrome", "HKEY_CURRENT_USER"},
                         Key{HKEY_LOCAL_MACHINE, L"Software\\Policies\\Microsoft\\Edge", "Edge", "HKEY_LOCAL_MACHINE"},
                         Key{HKEY_CURRENT_USER, L"Software\\Policies\\Microsoft\\Edge", "Edge", "HKEY_CURRENT_USER"},
                         Key{HKEY_LOCAL_MACHINE, L"Software\\Policies\\Chromium", "Chromium", "HKEY_LOCAL_MACHINE"}})
        add_browser_policy(files.chromium_policy_proxies, k.root, k.path,
                           trf("{0} policy in the registry ({1})", k.browser, k.hive));
    return files;
}

}  // namespace fshosts::platform
