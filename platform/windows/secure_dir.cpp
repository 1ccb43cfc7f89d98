// Windows: the same interface on plain paths (Windows has no directory descriptors to work
// relative to); reparse points (links, junctions) are refused as POSIX refuses symbolic links.
// The system state directory, %ProgramData%\fshosts, and everything below it are the
// administrators' alone, which on Windows is a matter of owner and ACL: it is created with an
// explicit, protected DACL (SYSTEM and Administrators full control, Users read; inherited by
// what is created in it), and an existing one is refused when it is owned by anybody but
// SYSTEM, Administrators, TrustedInstaller or this (administrator) account, or when its DACL
// lets anybody else change it. The user's state directory (%LOCALAPPDATA%) is the user's own.
#include "platform/secure_dir.h"

#include "platform/atomic_replace.h"

#include "base/error.h"
#include "base/i18n.h"
#include "platform/state_dirs.h"
#include "windows/wide.h"

#include <windows.h>
#include <aclapi.h>
#include <sddl.h>

#include <fcntl.h>
#include <io.h>
#include <sys/stat.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

namespace fshosts::platform {
namespace {

namespace fs = std::filesystem;

[[noreturn]] void refuse(const fs::path& path, const std::string& problem)
{
    throw Error(ErrorKind::Permission,
                trf("fshosts refuses to use its state directory: {0} {1} Nothing was changed. Fix the directory "
                    "(or remove it, and fshosts creates it again safely), then try again.",
                    path.string(), problem));
}

[[noreturn]] void fail_io(const fs::path& path, const std::error_code& ec)
{
    throw Error(ErrorKind::Io, trf("Cannot open {0}: {1}", path.string(), ec.message()));
}

void check_not_link(const fs::path& path)
{
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(path, ec)))
        refuse(path, _("is a symbolic link."));
}

// m_handle of a SecureDir in the system state directory (POSIX keeps a descriptor there).
constexpr std::intptr_t administrators_only = 1;
constexpr std::intptr_t plain = -1;

// Owner SYSTEM and Administrators full control, Users read and list; inherited by files and
// folders created inside; "P": nothing inherited from %ProgramData%.
constexpr const wchar_t* admin_only_dacl = L"D:P(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)(A;OICI;0x1200a9;;;BU)";

// Rights that let their holder change the directory or what is in it.
constexpr ACCESS_MASK change_rights = FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_DELETE_CHILD | DELETE | WRITE_DAC | WRITE_OWNER |
                                      GENERIC_WRITE | GENERIC_ALL;

// Frees what Windows allocated with LocalAlloc.
struct LocalFreer {
    void operator()(void* p) const noexcept { LocalFree(p); }
};
template <typename T>
using LocalPtr = std::unique_ptr<T, LocalFreer>;

std::string sid_text(PSID sid)
{
    wchar_t name[256] = {};
    wchar_t domain[256] = {};
    DWORD name_size = 256;
    DWORD domain_size = 256;
    SID_NAME_USE use{};
    if (LookupAccountSidW(nullptr, sid, name, &name_size, domain, &domain_size, &use))
        return windows::to_utf8(std::wstring_view(domain_size > 0 ? std::wstring(domain) + L"\\" + name : std::wstring(name)));
    wchar_t* text = nullptr;
    if (!ConvertSidToStringSidW(sid, &text))
        return "?";
    const LocalPtr<wchar_t> owned(text);
    return windows::to_utf8(std::wstring_view(text));
}

// The account this process runs as.
std::vector<BYTE> token_user()
{
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token))
        return {};
    const windows::Handle owned(token);
    DWORD size = 0;
    GetTokenInformation(token, TokenUser, nullptr, 0, &size);
    std::vector<BYTE> buffer(size);
    if (size == 0 || !GetTokenInformation(token, TokenUser, buffer.data(), size, &size))
        return {};
    return buffer;
}

// SYSTEM, Administrators, TrustedInstaller, CREATOR OWNER (`creator`) or this account.
bool is_trusted(PSID sid, bool creator)
{
    if (!IsValidSid(sid))
        return false;
    if (IsWellKnownSid(sid, WinLocalSystemSid) || IsWellKnownSid(sid, WinBuiltinAdministratorsSid) ||
        (creator && IsWellKnownSid(sid, WinCreatorOwnerSid)))
        return true;
    PSID trusted_installer = nullptr;
    if (ConvertStringSidToSidW(L"S-1-5-80-956008885-3418522649-1831038044-1853292631-2271478464", &trusted_installer)) {
        const LocalPtr<void> owned(trusted_installer);
        if (EqualSid(sid, trusted_installer))
            return true;
    }
    const std::vector<BYTE> user = token_user();
    return !user.empty() && EqualSid(sid, reinterpret_cast<const TOKEN_USER*>(user.data())->User.Sid);
}

// Refuses `path` unless only trusted accounts own it or may change it.
void check_administrators_only(const fs::path& path)
{
    const DWORD attributes = GetFileAttributesW(path.c_str());
    if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_REPARSE_POINT))
        refuse(path, _("is a link (a reparse point)."));
    PSID owner = nullptr;
    PACL dacl = nullptr;
    PSECURITY_DESCRIPTOR descriptor = nullptr;
    const DWORD err = GetNamedSecurityInfoW(path.c_str(), SE_FILE_OBJECT, OWNER_SECURITY_INFORMATION | DACL_SECURITY_INFORMATION,
                                            &owner, nullptr, &dacl, nullptr, &descriptor);
    if (err != ERROR_SUCCESS)
        refuse(path, trf("has a security descriptor Windows cannot read ({0}).", windows::error_text(err)));
    const LocalPtr<void> owned(descriptor);
    if (owner == nullptr || !is_trusted(owner, false))
        refuse(path, trf("is owned by {0}, not by the administrators.", owner ? sid_text(owner) : std::string("?")));
    if (dacl == nullptr)
        refuse(path, _("has no access control list: everybody may change it."));
    for (DWORD i = 0; i < dacl->AceCount; ++i) {
        void* ace = nullptr;
        if (!GetAce(dacl, i, &ace))
            continue;
        const auto* header = static_cast<const ACE_HEADER*>(ace);
        if (header->AceType != ACCESS_ALLOWED_ACE_TYPE && header->AceType != ACCESS_ALLOWED_CALLBACK_ACE_TYPE)
            continue;  // a deny entry takes rights away
        auto* allowed = static_cast<ACCESS_ALLOWED_ACE*>(ace);
        PSID sid = reinterpret_cast<PSID>(&allowed->SidStart);
        if ((allowed->Mask & change_rights) != 0 && !is_trusted(sid, true))
            refuse(path, trf("can be changed by {0}, not only by the administrators.", sid_text(sid)));
    }
}

// Creates `path` (its parent exists) with admin_only_dacl, owned by Administrators where this
// token may give that owner.
void create_administrators_only(const fs::path& path)
{
    for (const std::wstring& sddl : {std::wstring(L"O:BA") + admin_only_dacl, std::wstring(admin_only_dacl)}) {
        PSECURITY_DESCRIPTOR descriptor = nullptr;
        if (!ConvertStringSecurityDescriptorToSecurityDescriptorW(sddl.c_str(), SDDL_REVISION_1, &descriptor, nullptr))
            continue;
        const LocalPtr<void> owned(descriptor);
        SECURITY_ATTRIBUTES attributes{sizeof attributes, descriptor, FALSE};
        if (CreateDirectoryW(path.c_str(), &attributes))
            return;
        const DWORD err = GetLastError();
        if (err == ERROR_ALREADY_EXISTS)
            return;  // checked by the caller like any existing directory
        if (err != ERROR_INVALID_OWNER)
            throw Error(ErrorKind::Io, trf("Cannot create {0}: {1}", windows::to_utf8(path), windows::error_text(err)));
    }
    throw Error(ErrorKind::Io, trf("Cannot create {0}: {1}", windows::to_utf8(path), windows::error_text(GetLastError())));
}

std::optional<SecureDir> open_dir(const fs::path& path, bool create, bool system, SecureDir (*make)(fs::path, bool))
{
    std::error_code ec;
    check_not_link(path);
    if (!fs::exists(path, ec)) {
        if (!create)
            return std::nullopt;
        if (system) {
            create_administrators_only(path);
        } else {
            fs::create_directories(path, ec);
            if (ec)
                fail_io(path, ec);
        }
    }
    if (!fs::is_directory(path, ec))
        refuse(path, _("is not a directory."));
    if (system)
        check_administrators_only(path);
    return make(path, system);
}

bool is_system_state_dir(const fs::path& path)
{
    try {
        return path == system_state_dir().lexically_normal();
    } catch (const Error&) {
        return false;
    }
}

}  // namespace

SecureDir::SecureDir(fs::path path, std::intptr_t handle) : m_path(std::move(path)), m_handle(handle) {}
SecureDir::SecureDir(SecureDir&& other) noexcept = default;
SecureDir& SecureDir::operator=(SecureDir&& other) noexcept = default;
SecureDir::~SecureDir() = default;

std::optional<SecureDir> SecureDir::open(const fs::path& path, bool create)
{
    const fs::path normal = fs::absolute(path).lexically_normal();
    return open_dir(normal, create, is_system_state_dir(normal),
                    [](fs::path p, bool system) { return SecureDir(std::move(p), system ? administrators_only : plain); });
}

std::optional<SecureDir> SecureDir::subdir(const std::string& name, bool create) const
{
    return open_dir(m_path / fs::u8path(name), create, m_handle == administrators_only,
                    [](fs::path p, bool system) { return SecureDir(std::move(p), system ? administrators_only : plain); });
}

std::optional<std::string> SecureDir::read(const std::string& name) const
{
    const fs::path path = m_path / fs::u8path(name);
    std::error_code ec;
    check_not_link(path);
    if (!fs::exists(path, ec))
        return std::nullopt;
    if (!fs::is_regular_file(path, ec))
        refuse(path, _("is not a regular file."));
    std::ifstream in(path, std::ios::binary);
    if (!in)
        fail_io(path, std::make_error_code(std::errc::io_error));
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

bool SecureDir::is_file(const std::string& name) const
{
    std::error_code ec;
    const fs::path path = m_path / fs::u8path(name);
    return !fs::is_symlink(fs::symlink_status(path, ec)) && fs::is_regular_file(path, ec);
}

std::optional<std::uint64_t> SecureDir::file_size(const std::string& name) const
{
    if (!is_file(name))
        return std::nullopt;
    std::error_code ec;
    const auto size = fs::file_size(m_path / fs::u8path(name), ec);
    return ec ? std::nullopt : std::optional<std::uint64_t>(size);
}

void SecureDir::write(const std::string& name, std::string_view bytes, DirectorySync sync) const
{
    write_private_file(m_path / fs::u8path(name), bytes, sync);
}

AppendFile SecureDir::open_append(const std::string& name) const
{
    const fs::path path = m_path / fs::u8path(name);
    check_not_link(path);
    // Append-only access (Windows appends each write atomically, as O_APPEND does), and shared
    // for deletion: the audit log is rotated by renaming it while this handle (or another
    // fshosts process's) is open, which the CRT's _wopen, sharing only reading and writing,
    // made fail with a sharing violation.
    windows::Handle file(CreateFileW(path.c_str(), FILE_APPEND_DATA | FILE_READ_ATTRIBUTES | SYNCHRONIZE,
                                     FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_ALWAYS,
                                     FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OPEN_REPARSE_POINT, nullptr));
    if (!file)
        fail_io(path, std::error_code(static_cast<int>(GetLastError()), std::system_category()));
    const int fd = ::_open_osfhandle(reinterpret_cast<std::intptr_t>(file.get()), _O_WRONLY | _O_APPEND | _O_BINARY);
    if (fd < 0)
        fail_io(path, std::error_code(errno, std::generic_category()));
    static_cast<void>(file.release());  // the descriptor owns it now
    return AppendFile(path, fd);
}

void AppendFile::close() noexcept
{
    if (m_fd >= 0)
        ::_close(std::exchange(m_fd, -1));
}

void AppendFile::write(std::string_view bytes)
{
    while (!bytes.empty()) {
        const int n = ::_write(m_fd, bytes.data(), static_cast<unsigned>(std::min<std::size_t>(bytes.size(), 1U << 30)));
        if (n <= 0)
            fail_io(m_path, std::error_code(n < 0 ? errno : EIO, std::generic_category()));
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

std::uint64_t AppendFile::size() const
{
    const long long size = ::_filelengthi64(m_fd);
    return size < 0 ? 0 : static_cast<std::uint64_t>(size);
}

bool SecureDir::remove(const std::string& name) const
{
    const fs::path path = m_path / fs::u8path(name);
    std::error_code ec;
    const fs::file_status status = fs::symlink_status(path, ec);
    if (!fs::exists(status))
        return false;
    if (fs::is_directory(status))
        fail_io(path, std::make_error_code(std::errc::is_a_directory));
    const bool removed = fs::remove(path, ec);
    if (ec)
        fail_io(path, ec);
    return removed;
}

std::vector<std::string> SecureDir::remove_stale_temp_files(const std::string& name) const
{
    return platform::remove_stale_temp_files(m_path / fs::u8path(name));
}

void SecureDir::rename(const std::string& from, const std::string& to) const
{
    std::error_code ec;
    fs::rename(m_path / fs::u8path(from), m_path / fs::u8path(to), ec);
    if (ec)
        fail_io(m_path / fs::u8path(from), ec);
}

std::vector<std::string> SecureDir::list() const
{
    std::vector<std::string> names;
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(m_path, ec)) {
        const std::u8string n = entry.path().filename().u8string();
        names.emplace_back(n.begin(), n.end());
    }
    return names;
}

void SecureDir::sync() const { sync_directory(m_path); }

}  // namespace fshosts::platform
