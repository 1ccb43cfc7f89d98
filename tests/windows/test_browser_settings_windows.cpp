// platform/windows/browser_settings.cpp under Wine: the user's Internet Options proxy and a
// Chrome proxy policy written to the registry of the throw-away Wine prefix, and a Firefox profile
// in its %APPDATA%, found by probe::this_computer() as a user's browsers would see them.
#include "catch.h"
#include "support/file_bytes.h"

#include "platform/browser_settings.h"
#include "probe/browser_pitfalls.h"

#include <windows.h>
#include <shlobj.h>

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
namespace platform = fshosts::platform;

namespace {

bool running_under_wine() { return GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") != nullptr; }

// String values under one HKCU key, put back as they were (or deleted) when the test ends.
class RegistryValues {
public:
    explicit RegistryValues(const wchar_t* key)
    {
        REQUIRE(RegCreateKeyExW(HKEY_CURRENT_USER, key, 0, nullptr, 0, KEY_QUERY_VALUE | KEY_SET_VALUE, nullptr, &m_key,
                                nullptr) == ERROR_SUCCESS);
    }
    ~RegistryValues()
    {
        for (const auto& [name, old] : m_old) {
            if (old)
                RegSetValueExW(m_key, name.c_str(), 0, old->first, reinterpret_cast<const BYTE*>(old->second.data()),
                               static_cast<DWORD>(old->second.size()));
            else
                RegDeleteValueW(m_key, name.c_str());
        }
        RegCloseKey(m_key);
    }
    RegistryValues(const RegistryValues&) = delete;
    RegistryValues& operator=(const RegistryValues&) = delete;

    void set(const std::wstring& name, const std::wstring& text)
    {
        remember(name);
        REQUIRE(RegSetValueExW(m_key, name.c_str(), 0, REG_SZ, reinterpret_cast<const BYTE*>(text.c_str()),
                               static_cast<DWORD>((text.size() + 1) * sizeof(wchar_t))) == ERROR_SUCCESS);
    }
    void set(const std::wstring& name, DWORD value)
    {
        remember(name);
        REQUIRE(RegSetValueExW(m_key, name.c_str(), 0, REG_DWORD, reinterpret_cast<const BYTE*>(&value), sizeof value) ==
                ERROR_SUCCESS);
    }

private:
    void remember(const std::wstring& name)
    {
        for (const auto& entry : m_old)
            if (entry.first == name)
                return;
        DWORD type = 0;
        DWORD size = 0;
        std::optional<std::pair<DWORD, std::string>> old;
        if (RegQueryValueExW(m_key, name.c_str(), nullptr, &type, nullptr, &size) == ERROR_SUCCESS) {
            std::string bytes(size, '\0');
            RegQueryValueExW(m_key, name.c_str(), nullptr, &type, reinterpret_cast<BYTE*>(bytes.data()), &size);
            old = std::make_pair(type, bytes);
        }
        m_old.emplace_back(name, old);
    }

    HKEY m_key = nullptr;
    std::vector<std::pair<std::wstring, std::optional<std::pair<DWORD, std::string>>>> m_old;
};

fs::path roaming_app_data()
{
    PWSTR path = nullptr;
    REQUIRE(SUCCEEDED(SHGetKnownFolderPath(FOLDERID_RoamingAppData, 0, nullptr, &path)));
    fs::path out(path);
    CoTaskMemFree(path);
    return out;
}

}  // namespace

TEST_CASE("Windows: Internet Options, a Chrome policy and Firefox in %APPDATA% are read", "[windows][browsers]")
{
    if (!running_under_wine()) {
        // On a real PC this would change the user's proxy settings while it runs.
        std::cout << "FSHOSTS-SKIPPED: changes HKCU; runs only in a throw-away Wine prefix" << std::endl;
        return;
    }
    const std::vector<std::string> names{"www.example.jp", "example.jp"};
    {
        RegistryValues options(L"Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings");
        options.set(L"ProxyEnable", DWORD{0});
        options.set(L"ProxyServer", L"");
        options.set(L"AutoConfigURL", L"");
        CHECK(platform::system_proxy_settings().empty());

        options.set(L"ProxyEnable", DWORD{1});
        options.set(L"ProxyServer", L"http=proxy.corp:8080;https=secure.corp:8443");
        options.set(L"ProxyOverride", L"localhost;*.example.jp;<local>");
        const auto proxies = platform::system_proxy_settings();
        REQUIRE(proxies.size() == 1);
        CHECK(proxies[0].http == "proxy.corp:8080");
        CHECK(proxies[0].https == "secure.corp:8443");
        CHECK(proxies[0].bypass == std::vector<std::string>{"localhost", "*.example.jp", "<local>"});

        RegistryValues chrome(L"Software\\Policies\\Google\\Chrome");
        chrome.set(L"ProxyMode", L"pac_script");
        chrome.set(L"ProxyPacUrl", L"http://wpad.corp/proxy.pac");
        const platform::BrowserFiles files = platform::browser_files();
        REQUIRE(files.chromium_policy_proxies.size() == 1);
        CHECK(files.chromium_policy_proxies[0].pac_url == "http://wpad.corp/proxy.pac");
        CHECK(files.chromium_policy_proxies[0].source.find("HKEY_CURRENT_USER") != std::string::npos);
        CHECK_FALSE(files.browsers_read_proxy_environment);

        // A Firefox profile with DNS over HTTPS, where Firefox keeps it on Windows.
        const fs::path root = roaming_app_data() / L"Mozilla" / L"Firefox";
        const bool had_root = fs::exists(root);
        fs::create_directories(root / L"Profiles" / L"t1.default-release");
        fshosts::test::write_all(root / L"profiles.ini",
                                 "[Profile0]\r\nName=default-release\r\nIsRelative=1\r\nPath=Profiles/t1.default-release\r\nDefault=1\r\n");
        fshosts::test::write_all(root / L"Profiles" / L"t1.default-release" / L"prefs.js", "user_pref(\"network.trr.mode\", 2);\r\n");

        const auto found = find_pitfalls(fshosts::probe::this_computer(names));
        std::vector<std::string> ids;
        for (const auto& p : found)
            ids.push_back(p.id);
        // Internet Options' proxy for example.jp (www. is an exception), the policy's script,
        // Firefox's DoH, the advice; no environment proxy on Windows.
        CHECK(ids == std::vector<std::string>{"proxy", "proxy-script", "firefox-doh", "open-connections"});
        if (had_root) {
            fs::remove(root / L"profiles.ini");
            fs::remove_all(root / L"Profiles" / L"t1.default-release");
        } else {
            fs::remove_all(root);
        }
    }
    CHECK(platform::system_proxy_settings().empty());  // the values were put back
}
