// platform/windows under Wine: the hosts path from the registry (DataBasePath, set in the
// throw-away Wine prefix only), the state directories, atomic replace keeping bytes and
// attributes, the read-only attribute, the state lock, file stamps and the identity.
#include "catch.h"
#include "support/temp_dir.h"
#include "text/test_support.h"

#include "base/error.h"
#include "platform/atomic_replace.h"
#include "platform/dns_flush.h"
#include "platform/file_lock.h"
#include "platform/file_stamp.h"
#include "platform/hosts_path.h"
#include "platform/language.h"
#include "platform/state_dirs.h"
#include "platform/user_identity.h"

#include <windows.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <fstream>
#include <optional>
#include <string>
#include <thread>

namespace fs = std::filesystem;
namespace platform = fshosts::platform;
using fshosts::test::read_bytes;

namespace {

constexpr const wchar_t* tcpip_parameters = L"SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters";

bool running_under_wine() { return GetProcAddress(GetModuleHandleW(L"ntdll.dll"), "wine_get_version") != nullptr; }

void write_bytes(const fs::path& p, const std::string& bytes)
{
    std::ofstream out(p, std::ios::binary | std::ios::trunc);
    out << bytes;
}

fs::path system_directory()
{
    wchar_t dir[MAX_PATH] = {};
    const UINT n = GetSystemDirectoryW(dir, MAX_PATH);
    REQUIRE((n > 0 && n < MAX_PATH));
    return fs::path(std::wstring(dir, n));
}

fs::path environment_path(const wchar_t* name)
{
    wchar_t value[32768] = {};
    const DWORD n = GetEnvironmentVariableW(name, value, 32768);
    REQUIRE((n > 0 && n < 32768));
    return fs::path(std::wstring(value, n));
}

// DataBasePath as it is now (type and raw bytes), set back when the test ends: the test changes
// the registry of the Wine prefix it runs in, which scripts/wine-run throws away with the build
// directory.
class DataBasePathGuard {
public:
    DataBasePathGuard()
    {
        REQUIRE(RegCreateKeyExW(HKEY_LOCAL_MACHINE, tcpip_parameters, 0, nullptr, 0, KEY_QUERY_VALUE | KEY_SET_VALUE, nullptr,
                                &m_key, nullptr) == ERROR_SUCCESS);
        DWORD type = 0;
        DWORD size = 0;
        if (RegQueryValueExW(m_key, L"DataBasePath", nullptr, &type, nullptr, &size) == ERROR_SUCCESS) {
            std::string bytes(size, '\0');
            RegQueryValueExW(m_key, L"DataBasePath", nullptr, &type, reinterpret_cast<BYTE*>(bytes.data()), &size);
            m_old = std::make_pair(type, bytes);
        }
    }
    ~DataBasePathGuard()
    {
        if (m_old)
            RegSetValueExW(m_key, L"DataBasePath", 0, m_old->first, reinterpret_cast<const BYTE*>(m_old->second.data()),
                           static_cast<DWORD>(m_old->second.size()));
        else
            RegDeleteValueW(m_key, L"DataBasePath");
        RegCloseKey(m_key);
    }
    DataBasePathGuard(const DataBasePathGuard&) = delete;
    DataBasePathGuard& operator=(const DataBasePathGuard&) = delete;

    void set(DWORD type, const std::wstring& value)
    {
        REQUIRE(RegSetValueExW(m_key, L"DataBasePath", 0, type, reinterpret_cast<const BYTE*>(value.c_str()),
                               static_cast<DWORD>((value.size() + 1) * sizeof(wchar_t))) == ERROR_SUCCESS);
    }
    void remove() { RegDeleteValueW(m_key, L"DataBasePath"); }

private:
    HKEY m_key = nullptr;
    std::optional<std::pair<DWORD, std::string>> m_old;
};

}  // namespace

TEST_CASE("the hosts path follows DataBasePath in the registry", "[windows][hosts_path]")
{
    if (!running_under_wine()) {
        // On a real PC this would change the machine's resolver configuration. Reported to ctest
        // as skipped (the marker of support/skip.h, whose FSHOSTS_SKIP needs POSIX's geteuid).
        std::cout << "FSHOSTS-SKIPPED: changes HKLM; runs only in a throw-away Wine prefix" << std::endl;
        return;
    }
    const fs::path default_hosts = system_directory() / "drivers" / "etc" / "hosts";
    DataBasePathGuard guard;

    guard.remove();
    CHECK(platform::system_hosts_path() == default_hosts);
    CHECK(platform::system_hosts_path_is_default());

    // The usual value: REG_EXPAND_SZ with %SystemRoot%, expanded.
    guard.set(REG_EXPAND_SZ, L"%SystemRoot%\\System32\\drivers\\etc");
    CHECK(platform::system_hosts_path() == environment_path(L"SystemRoot") / "System32" / "drivers" / "etc" / "hosts");
    CHECK(platform::system_hosts_path_is_default());

    // Moved elsewhere: followed, and reported as not the default.
    guard.set(REG_EXPAND_SZ, L"%SystemDrive%\\fshosts-moved\\etc\\");
    const fs::path drive_root = environment_path(L"SystemDrive").native() + L"\\";  // "C:" alone is C:'s current directory
    CHECK(platform::system_hosts_path() == drive_root / "fshosts-moved" / "etc" / "hosts");
    CHECK_FALSE(platform::system_hosts_path_is_default());

    guard.set(REG_SZ, L"D:\\Netz\\etc");
    CHECK(platform::system_hosts_path() == fs::path(L"D:\\Netz\\etc\\hosts"));
    CHECK_FALSE(platform::system_hosts_path_is_default());

    // A relative or empty value is not a place: the default.
    guard.set(REG_SZ, L"etc");
    CHECK(platform::system_hosts_path() == default_hosts);
    guard.set(REG_SZ, L"");
    CHECK(platform::system_hosts_path() == default_hosts);
    CHECK(platform::native_eol() == "\r\n");
}

TEST_CASE("state directories are ProgramData and LocalAppData", "[windows][state_dirs]")
{
    CHECK(platform::system_state_dir() == environment_path(L"ProgramData") / "fshosts");
    CHECK(platform::user_state_dir() == environment_path(L"LOCALAPPDATA") / "fshosts");
}

TEST_CASE("atomic replace keeps the attributes and writes the exact bytes", "[windows][atomic_replace]")
{
    fshosts::test::TempDir temp("fshosts-win-replace");
    const fs::path dir = temp.path / L"ホスト";  // a non-ASCII directory: the paths are UTF-16 throughout
    fs::create_directory(dir);
    const fs::path hosts = dir / "hosts";
    write_bytes(hosts, "127.0.0.1 localhost\r\n");
    REQUIRE(SetFileAttributesW(hosts.c_str(), FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_ARCHIVE));

    const std::string next = "127.0.0.1 localhost\r\n# >>> fshosts\r\n203.0.113.10 www.example.jp\r\n";
    const std::string_view pieces[] = {std::string_view(next).substr(0, 21), std::string_view(next).substr(21)};
    CHECK(platform::replace_file_atomically(hosts, pieces) == platform::ReplaceOutcome::Replaced);
    CHECK(read_bytes(hosts) == next);
    CHECK((GetFileAttributesW(hosts.c_str()) & FILE_ATTRIBUTE_HIDDEN) != 0);
    // No temp or old file is left beside it.
    std::size_t entries = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
        (void)entry;
        ++entries;
    }
    CHECK(entries == 1);

    SECTION("a read-only file is refused unless clearing is allowed, and stays read-only")
    {
        REQUIRE(SetFileAttributesW(hosts.c_str(), FILE_ATTRIBUTE_READONLY | FILE_ATTRIBUTE_HIDDEN));
        try {
            platform::replace_file_atomically(hosts, std::string_view("changed\r\n"));
            FAIL("a read-only file was replaced without consent");
        } catch (const fshosts::Error& e) {
            CHECK(e.kind() == fshosts::ErrorKind::Permission);
        }
        CHECK_THROWS_AS(platform::check_replaceable(hosts), fshosts::Error);
        CHECK(read_bytes(hosts) == next);

        platform::ReplaceOptions allow;
        allow.clear_readonly = true;
        CHECK_NOTHROW(platform::check_replaceable(hosts, allow));
        platform::replace_file_atomically(hosts, std::string_view("changed\r\n"), allow);
        CHECK(read_bytes(hosts) == "changed\r\n");
        const DWORD attrs = GetFileAttributesW(hosts.c_str());
        CHECK((attrs & FILE_ATTRIBUTE_READONLY) != 0);
        CHECK((attrs & FILE_ATTRIBUTE_HIDDEN) != 0);
        SetFileAttributesW(hosts.c_str(), FILE_ATTRIBUTE_NORMAL);
    }

    SECTION("a failed check before the replacement leaves the original and no temp file")
    {
        platform::ReplaceOptions verify;
        verify.verify_before_replace = [] { throw fshosts::Error(fshosts::ErrorKind::Conflict, "changed meanwhile"); };
        CHECK_THROWS_AS(platform::replace_file_atomically(hosts, std::string_view("other\r\n"), verify), fshosts::Error);
        CHECK(read_bytes(hosts) == next);
        CHECK(platform::remove_stale_temp_files(hosts).empty());
    }

    SECTION("a missing file is refused")
    {
        CHECK_THROWS_AS(platform::replace_file_atomically(dir / "missing", std::string_view("x")), fshosts::Error);
    }
}

TEST_CASE("a private file is written whole, replacing the old one", "[windows][atomic_replace]")
{
    fshosts::test::TempDir temp("fshosts-win-private");
    const fs::path file = temp.path / "sub" / "journal.json";
    platform::write_private_file(file, "{\"a\":1}");
    platform::write_private_file(file, "{\"b\":2}");
    CHECK(read_bytes(file) == "{\"b\":2}");
}

TEST_CASE("the state lock is exclusive between holders", "[windows][file_lock]")
{
    fshosts::test::TempDir temp("fshosts-win-lock");
    const fs::path lock_file = temp.path / "state" / "lock";
    std::atomic<bool> second_has_it{false};
    std::optional<platform::FileLock> first;
    first.emplace(lock_file);
    std::thread other([&] {
        platform::FileLock second(lock_file);  // waits for the first holder
        second_has_it = true;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    CHECK_FALSE(second_has_it.load());
    first.reset();
    other.join();
    CHECK(second_has_it.load());
}

TEST_CASE("a file stamp proves an unchanged file and notices a write", "[windows][file_stamp]")
{
    fshosts::test::TempDir temp("fshosts-win-stamp");
    const fs::path file = temp.path / "hosts";
    write_bytes(file, "127.0.0.1 localhost\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(120));  // beyond the settle margin
    const platform::FileStamp before = platform::stamp_of(file);
    REQUIRE(before.known);
    CHECK(before.settled);
    CHECK(before.size == 21);
    CHECK(platform::unchanged_since(before, platform::stamp_of(file)));

    write_bytes(file, "127.0.0.1 localhost\r\n::1 localhost\r\n");
    CHECK_FALSE(platform::unchanged_since(before, platform::stamp_of(file)));

    std::FILE* f = _wfopen(file.c_str(), L"rb");
    REQUIRE(f != nullptr);
    const platform::FileStamp open_stamp = platform::stamp_of(f);
    std::fclose(f);
    CHECK(open_stamp.known);
    CHECK(open_stamp.size == 36);
    CHECK_FALSE(platform::stamp_of(temp.path / "missing").known);
}

TEST_CASE("identity, language and the DNS flush report what Windows says", "[windows][identity]")
{
    // Wine runs every program with an administrator's elevated token.
    if (running_under_wine())
        CHECK(platform::is_administrator());
    wchar_t name[257] = {};
    DWORD size = 257;
    REQUIRE(GetUserNameW(name, &size));
    // The account name itself: the audit log writes "user=" before it.
    CHECK(platform::acting_user().size() == static_cast<std::size_t>(WideCharToMultiByte(CP_UTF8, 0, name, static_cast<int>(size) - 1,
                                                                                      nullptr, 0, nullptr, nullptr)));
    CHECK(platform::acting_user().find("user=") == std::string::npos);

    _putenv_s("LANGUAGE", "");
    platform::init_message_locale();
    const char* language = std::getenv("LANGUAGE");
    REQUIRE(language != nullptr);
    CHECK(std::string(language) == (PRIMARYLANGID(GetUserDefaultUILanguage()) == LANG_JAPANESE ? "ja" : "en"));

    const auto flushed = platform::flush_dns_caches();
    REQUIRE(flushed.size() == 1);
    CHECK(flushed[0].cache == "Windows DNS client");
    CHECK((flushed[0].ok || !flushed[0].detail.empty()));
}
