// Windows implementation: a temp file beside the target, then ReplaceFileW, which keeps the
// target's ACL, attributes, alternate streams and creation time. Antivirus scanners and the
// DNS client open the hosts file briefly, so sharing violations (and the access denied of a file
// another program is deleting or scanning) are retried, a bounded number of times.
#include "platform/atomic_replace.h"

#include "base/error.h"
#include "base/i18n.h"
#include "platform/fault_injection.h"
#include "windows/wide.h"

#include <windows.h>

#include <algorithm>
#include <random>
#include <span>
#include <system_error>

namespace fshosts::platform {
namespace {

namespace fs = std::filesystem;

constexpr std::wstring_view temp_marker = L".fshosts-tmp-";
constexpr std::wstring_view old_marker = L".fshosts-old-";  // never removed automatically
constexpr std::size_t temp_suffix_length = 12;
constexpr DWORD chunk_size = 64 * 1024;
// The attributes a user sets on the hosts file that a replacement must not drop.
constexpr DWORD kept_attributes = FILE_ATTRIBUTE_HIDDEN | FILE_ATTRIBUTE_SYSTEM | FILE_ATTRIBUTE_ARCHIVE |
                                  FILE_ATTRIBUTE_NOT_CONTENT_INDEXED;

using windows::Handle;

std::string utf8(const fs::path& path) { return windows::to_utf8(path); }

std::string reason(DWORD err) { return windows::error_text(err); }

[[noreturn]] void fail_write(const fs::path& path, DWORD err)
{
    if (err == ERROR_ACCESS_DENIED)
        throw Error(ErrorKind::Permission, trf("You do not have permission to change {0} ({1}).", utf8(path), reason(err)));
    if (err == ERROR_DISK_FULL || err == ERROR_HANDLE_DISK_FULL)
        throw Error(ErrorKind::Io, trf("No space left on the device holding {0}.", utf8(path)));
    if (err == ERROR_WRITE_PROTECT)
        throw Error(ErrorKind::Io, trf("{0} is on a read-only file system.", utf8(path)));
    if (err == ERROR_SHARING_VIOLATION || err == ERROR_LOCK_VIOLATION || err == ERROR_UNABLE_TO_REMOVE_REPLACED)
        throw Error(ErrorKind::Io, trf("{0} is in use by another program. Close it and try again ({1}).", utf8(path), reason(err)));
    throw Error(ErrorKind::Io, trf("Cannot write {0}: {1}", utf8(path), reason(err)));
}

// Deletes a file when the scope ends unless disarmed.
class DeleteGuard {
public:
    explicit DeleteGuard(fs::path path) : m_path(std::move(path)) {}
    ~DeleteGuard()
    {
        if (!m_path.empty())
            DeleteFileW(m_path.c_str());
    }
    DeleteGuard(const DeleteGuard&) = delete;
    DeleteGuard& operator=(const DeleteGuard&) = delete;
    void disarm() noexcept { m_path.clear(); }

private:
    fs::path m_path;
};

fs::path sibling(const fs::path& path, std::wstring_view marker)
{
    static constexpr std::wstring_view alphabet = L"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::random_device rd;
    std::wstring name = L"." + path.filename().wstring() + std::wstring(marker);
    for (std::size_t i = 0; i < temp_suffix_length; ++i)
        name.push_back(alphabet[rd() % alphabet.size()]);
    return path.parent_path() / name;
}

bool is_temp_name(std::wstring_view candidate, std::wstring_view name)
{
    const std::size_t prefix = 1 + name.size() + temp_marker.size();
    if (candidate.size() != prefix + temp_suffix_length || candidate[0] != L'.' ||
        candidate.substr(1, name.size()) != name || candidate.substr(1 + name.size(), temp_marker.size()) != temp_marker)
        return false;
    return std::all_of(candidate.begin() + static_cast<std::ptrdiff_t>(prefix), candidate.end(), [](wchar_t c) {
        return (c >= L'A' && c <= L'Z') || (c >= L'a' && c <= L'z') || (c >= L'0' && c <= L'9');
    });
}

// The target's attributes after refusing a missing file, a link or junction, and a directory.
DWORD checked_attributes(const fs::path& path)
{
    const DWORD attrs = GetFileAttributesW(path.c_str());
    if (attrs == INVALID_FILE_ATTRIBUTES) {
        const DWORD err = GetLastError();
        if (err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND)
            throw Error(ErrorKind::Io, trf("{0} does not exist.", utf8(path)));
        fail_write(path, err);
    }
    if (attrs & FILE_ATTRIBUTE_REPARSE_POINT) {
        std::error_code ec;
        const fs::path target = fs::read_symlink(path, ec);
        throw Error(ErrorKind::Io, trf("{0} is a symbolic link to {1}. fshosts does not follow symbolic links; "
                                       "give the path of the real file instead.",
                                       utf8(path), ec ? std::string("?") : utf8(target)));
    }
    if (attrs & FILE_ATTRIBUTE_DIRECTORY)
        throw Error(ErrorKind::Io, trf("{0} is not a regular file.", utf8(path)));
    return attrs;
}

[[noreturn]] void fail_read_only(const fs::path& path)
{
    throw Error(ErrorKind::Permission,
                trf("{0} is marked read-only. Clear \"Read-only\" in the file's properties first, or allow fshosts "
                    "to clear it for this change.",
                    utf8(path)));
}

Handle create_temp(const fs::path& path, fs::path& temp)
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        temp = sibling(path, temp_marker);
        HANDLE h = CreateFileW(temp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
        if (h != INVALID_HANDLE_VALUE)
            return Handle(h);
        const DWORD err = GetLastError();
        if (err != ERROR_FILE_EXISTS && err != ERROR_ALREADY_EXISTS)
            fail_write(path, err);
    }
    fail_write(path, ERROR_FILE_EXISTS);
}

void write_all(HANDLE h, std::string_view bytes, const fs::path& path, bool fault_per_chunk)
{
    for (std::size_t done = 0; done < bytes.size();) {
        const DWORD want = static_cast<DWORD>(std::min<std::size_t>(chunk_size, bytes.size() - done));
        DWORD written = 0;
        if (!WriteFile(h, bytes.data() + done, want, &written, nullptr))
            fail_write(path, GetLastError());
        done += written;
        if (fault_per_chunk)
            FSHOSTS_FAULT_POINT("in_place_chunk");
    }
}

// Writes `pieces` one after the other to a new temp file beside `path`, flushed to disk and
// closed; the caller owns the file. The crash points are those of the POSIX
// replace_file_atomically.
fs::path write_temp(const fs::path& path, std::span<const std::string_view> pieces, bool fault_points)
{
    fs::path temp;
    Handle h = create_temp(path, temp);
    DeleteGuard guard(temp);
    if (fault_points)
        FSHOSTS_FAULT_POINT("temp_created");
    for (std::string_view piece : pieces)
        write_all(h.get(), piece, path, false);
    if (fault_points)
        FSHOSTS_FAULT_POINT("temp_written");
    if (!FlushFileBuffers(h.get()))
        fail_write(path, GetLastError());
    if (fault_points)
        FSHOSTS_FAULT_POINT("temp_synced");
    h.reset();
    guard.disarm();
    return temp;
}

bool retryable(DWORD err)
{
    return err == ERROR_SHARING_VIOLATION || err == ERROR_LOCK_VIOLATION || err == ERROR_UNABLE_TO_REMOVE_REPLACED;
}

// How often, and how long apart, a replacement that another program is in the way of is tried:
// 100, 200, 400, 800 ms, then every second, about 6.5 s in all. Antivirus scanners hold a newly
// written file for a moment and make ReplaceFileW fail with a sharing violation or, while they
// hold it open for deletion, with access denied.
constexpr int replace_attempts = 9;
DWORD retry_delay_ms(int attempt) { return attempt < 4 ? 100u << attempt : 1000u; }

// Whether this process may open `path` for writing now; another program's open handle without
// write sharing counts as yes (that is what the retries wait out).
bool writable_now(const fs::path& path)
{
    Handle h(CreateFileW(path.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                         OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT, nullptr));
    return h || retryable(GetLastError());
}

}  // namespace

void check_replaceable(const fs::path& path, const ReplaceOptions& options)
{
    const DWORD attrs = checked_attributes(path);
    if ((attrs & FILE_ATTRIBUTE_READONLY) && !options.clear_readonly)
        fail_read_only(path);
    if (attrs & FILE_ATTRIBUTE_READONLY)
        return;  // opening it for writing would fail until the attribute is cleared
    // Opening for writing changes nothing and tells whether we may (administrator rights).
    Handle h(CreateFileW(path.c_str(), GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr,
                         OPEN_EXISTING, FILE_FLAG_OPEN_REPARSE_POINT, nullptr));
    if (!h) {
        const DWORD err = GetLastError();
        if (!retryable(err))
            fail_write(path, err);
    }
}

ReplaceOutcome replace_file_atomically(const fs::path& path, std::span<const std::string_view> pieces,
                                       const ReplaceOptions& options)
{
    const DWORD attrs = checked_attributes(path);
    const bool read_only = (attrs & FILE_ATTRIBUTE_READONLY) != 0;
    if (read_only && !options.clear_readonly)
        fail_read_only(path);

    const fs::path temp = write_temp(path, pieces, true);
    DeleteGuard temp_guard(temp);
    if (options.verify_before_replace)
        options.verify_before_replace();

    // Cleared only for the replacement; set again on every way out, success or not.
    struct RestoreReadOnly {
        const fs::path& path;
        DWORD attrs;
        bool active = false;
        ~RestoreReadOnly()
        {
            if (active)
                SetFileAttributesW(path.c_str(), attrs);
        }
    } restore{path, attrs};
    if (read_only) {
        if (!SetFileAttributesW(path.c_str(), attrs & ~static_cast<DWORD>(FILE_ATTRIBUTE_READONLY)))
            fail_write(path, GetLastError());
        restore.active = true;
    }

    // With a backup name, a failure part-way never leaves `path` missing: ReplaceFileW without
    // one can fail with ERROR_UNABLE_TO_MOVE_REPLACEMENT after the original is already gone.
    const fs::path old = sibling(path, old_marker);
    // Access denied is retried only when it can be a scanner's: this process could open the file
    // for writing just now (an account without the right fails at once).
    const bool could_write = writable_now(path);
    DWORD err = ERROR_SUCCESS;
    for (int attempt = 0; attempt < replace_attempts; ++attempt) {
        if (ReplaceFileW(path.c_str(), temp.c_str(), old.c_str(), REPLACEFILE_IGNORE_MERGE_ERRORS, nullptr, nullptr)) {
            err = ERROR_SUCCESS;
            break;
        }
        err = GetLastError();
        if (!retryable(err) && !(err == ERROR_ACCESS_DENIED && could_write))
            break;
        if (attempt + 1 < replace_attempts)
            Sleep(retry_delay_ms(attempt));
    }
    if (err == ERROR_UNABLE_TO_MOVE_REPLACEMENT_2) {
        // The original is at `old` and `path` is free: put it back.
        if (!MoveFileExW(old.c_str(), path.c_str(), MOVEFILE_WRITE_THROUGH))
            throw Error(ErrorKind::Io, trf("Windows could not finish replacing {0}. Its previous content is kept in {1}; "
                                           "rename that file back to {0}.",
                                           utf8(path), utf8(old)));
    }
    if (err != ERROR_SUCCESS)
        fail_write(path, err);
    temp_guard.disarm();  // the temp file is now `path`
    DeleteFileW(old.c_str());
    // ReplaceFileW keeps the attributes on Windows; Wine (and some network file systems) give
    // the new file the temp file's. Set the original ones again (read-only: RestoreReadOnly).
    if (!read_only) {
        const DWORD now = GetFileAttributesW(path.c_str());
        if (now != INVALID_FILE_ATTRIBUTES && (now & kept_attributes) != (attrs & kept_attributes))
            SetFileAttributesW(path.c_str(), (now & ~kept_attributes) | (attrs & kept_attributes));
    }
    FSHOSTS_FAULT_POINT("renamed");
    return ReplaceOutcome::Replaced;
}

void overwrite_in_place(const fs::path& path, std::string_view bytes)
{
    checked_attributes(path);
    Handle h(CreateFileW(path.c_str(), GENERIC_WRITE, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                         FILE_FLAG_OPEN_REPARSE_POINT, nullptr));
    if (!h)
        fail_write(path, GetLastError());
    BY_HANDLE_FILE_INFORMATION info{};
    if (!GetFileInformationByHandle(h.get(), &info))
        fail_write(path, GetLastError());
    if (info.dwFileAttributes & (FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DIRECTORY)) {
        checked_attributes(path);  // changed in between: report what it is now
        throw Error(ErrorKind::Io, trf("{0} is not a regular file.", utf8(path)));
    }

    // Reserve the space first, so a full disk refuses the change before a byte is written.
    FILE_ALLOCATION_INFO allocation{};
    allocation.AllocationSize.QuadPart = static_cast<LONGLONG>(bytes.size());
    if (!SetFileInformationByHandle(h.get(), FileAllocationInfo, &allocation, sizeof allocation)) {
        const DWORD err = GetLastError();
        if (err == ERROR_DISK_FULL || err == ERROR_HANDLE_DISK_FULL)
            fail_write(path, err);
    }
    write_all(h.get(), bytes, path, true);
    LARGE_INTEGER size{};
    size.QuadPart = static_cast<LONGLONG>(bytes.size());
    if (!SetFilePointerEx(h.get(), size, nullptr, FILE_BEGIN) || !SetEndOfFile(h.get()) || !FlushFileBuffers(h.get()))
        fail_write(path, GetLastError());
}

void write_private_file(const fs::path& path, std::string_view bytes, DirectorySync)
{
    // The state directories inherit the ACL of %ProgramData% or %LOCALAPPDATA%.
    if (path.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(path.parent_path(), ec);
        if (ec)
            throw Error(ErrorKind::Io, trf("Cannot write {0}: {1}", utf8(path.parent_path()), ec.message()));
    }
    const std::string_view one[] = {bytes};
    const fs::path temp = write_temp(path, one, false);
    DeleteGuard guard(temp);
    if (!MoveFileExW(temp.c_str(), path.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH))
        fail_write(path, GetLastError());
    guard.disarm();
}

// MOVEFILE_WRITE_THROUGH has already made each rename durable.
void sync_directory(const fs::path&) {}

std::vector<std::string> remove_stale_temp_files(const fs::path& path)
{
    std::vector<std::string> removed;
    const std::wstring name = path.filename().wstring();
    const fs::path dir = path.has_parent_path() ? path.parent_path() : fs::path(L".");
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::directory_entry& entry = *it;
        const std::wstring candidate = entry.path().filename().wstring();
        if (!is_temp_name(candidate, name))
            continue;
        const DWORD attrs = GetFileAttributesW(entry.path().c_str());
        if (attrs == INVALID_FILE_ATTRIBUTES || (attrs & (FILE_ATTRIBUTE_REPARSE_POINT | FILE_ATTRIBUTE_DIRECTORY)))
            continue;
        if (!DeleteFileW(entry.path().c_str())) {
            const DWORD err = GetLastError();
            if (err == ERROR_FILE_NOT_FOUND)
                continue;
            fail_write(entry.path(), err);
        }
        removed.push_back(utf8(entry.path().filename()));
    }
    std::sort(removed.begin(), removed.end());
    return removed;
}

}  // namespace fshosts::platform
