// POSIX: also compiled on macOS. Temp file + rename, with the original's owner, mode, every
// extended attribute and (macOS) the ACL copied to the temp file before it becomes visible under
// the real name. What differs between the two systems is in posix/posix_file_ops.h.
#include "platform/atomic_replace.h"

#include "base/error.h"
#include "base/i18n.h"
#include "platform/fault_injection.h"
#include "posix/posix_file_ops.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <climits>
#include <memory>
#include <string>
#include <span>
#include <system_error>
#include <vector>

namespace fshosts::platform {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view temp_marker = ".fshosts-tmp-";
constexpr std::size_t temp_suffix_length = 12;
constexpr std::string_view temp_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
constexpr std::size_t chunk_size = 64 * 1024;

std::string reason(int err) { return std::generic_category().message(err); }

// A failure while changing `path`, with the message the user needs for this errno.
[[noreturn]] void fail_write(const fs::path& path, int err)
{
    if (err == EACCES || err == EPERM)
        throw Error(ErrorKind::Permission, trf("You do not have permission to change {0} ({1}).", path.string(), reason(err)));
    if (err == ENOSPC || err == EDQUOT)
        throw Error(ErrorKind::Io, trf("No space left on the device holding {0}.", path.string()));
    if (err == EROFS)
        throw Error(ErrorKind::Io, trf("{0} is on a read-only file system.", path.string()));
    throw Error(ErrorKind::Io, trf("Cannot write {0}: {1}", path.string(), reason(err)));
}

[[noreturn]] void fail_missing(const fs::path& path)
{
    throw Error(ErrorKind::Io, trf("{0} does not exist.", path.string()));
}

[[noreturn]] void fail_symlink(const fs::path& path, const std::string& target)
{
    throw Error(ErrorKind::Io, trf("{0} is a symbolic link to {1}. fshosts does not follow symbolic links; "
                                   "give the path of the real file instead.",
                                   path.string(), target));
}

[[noreturn]] void fail_not_regular(const fs::path& path)
{
    throw Error(ErrorKind::Io, trf("{0} is not a regular file.", path.string()));
}

class Fd {
public:
    explicit Fd(int fd = -1) noexcept : m_fd(fd) {}
    ~Fd() { reset(); }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const noexcept { return m_fd; }
    explicit operator bool() const noexcept { return m_fd >= 0; }
    void reset() noexcept
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = -1;
    }
    // Closes and reports the error close() gives (NFS reports write errors there).
    int close_checked() noexcept
    {
        int rc = ::close(m_fd);
        m_fd = -1;
        return (rc != 0 && errno != EINTR) ? errno : 0;
    }

private:
    int m_fd;
};

// Removes the temp file unless disarmed: every exit before the rename leaves no trace.
class TempGuard {
public:
    TempGuard(int dirfd, std::string name) : m_dirfd(dirfd), m_name(std::move(name)) {}
    ~TempGuard()
    {
        if (!m_name.empty())
            ::unlinkat(m_dirfd, m_name.c_str(), 0);
    }
    TempGuard(const TempGuard&) = delete;
    TempGuard& operator=(const TempGuard&) = delete;
    void disarm() noexcept { m_name.clear(); }

private:
    int m_dirfd;
    std::string m_name;
};

fs::path directory_of(const fs::path& path)
{
    fs::path dir = path.parent_path();
    return dir.empty() ? fs::path(".") : dir;
}

bool is_temp_name(std::string_view candidate, std::string_view name)
{
    const std::size_t prefix = 1 + name.size() + temp_marker.size();
    if (candidate.size() != prefix + temp_suffix_length || candidate[0] != '.' ||
        candidate.substr(1, name.size()) != name || candidate.substr(1 + name.size(), temp_marker.size()) != temp_marker)
        return false;
    return std::all_of(candidate.begin() + static_cast<std::ptrdiff_t>(prefix), candidate.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    });
}

// Creates ".<name>.fshosts-tmp-XXXXXXXXXXXX" in dirfd, mode 0600, never following a link.
Fd create_temp(int dirfd, const fs::path& path, std::string& temp_name)
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        temp_name = "." + path.filename().string() + std::string(temp_marker) +
                    detail::random_temp_suffix(temp_alphabet, temp_suffix_length);
        int fd = ::openat(dirfd, temp_name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0)
            return Fd(fd);
        if (errno != EEXIST)
            fail_write(path, errno);
    }
    fail_write(path, EEXIST);
}

// Writes the pieces one after the other with as few writev calls as the kernel allows.
void write_all(int fd, std::span<const std::string_view> pieces, const fs::path& path)
{
    std::vector<iovec> iov;
    iov.reserve(pieces.size());
    for (std::string_view p : pieces)
        if (!p.empty())
            iov.push_back(iovec{const_cast<char*>(p.data()), p.size()});
    std::size_t first = 0;
    while (first < iov.size()) {
        const int count = static_cast<int>(std::min<std::size_t>(iov.size() - first, IOV_MAX));
        ssize_t n = ::writev(fd, iov.data() + first, count);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail_write(path, errno);
        }
        // Skip what was written; a short write leaves the rest of a piece for the next call.
        auto left = static_cast<std::size_t>(n);
        while (first < iov.size() && left >= iov[first].iov_len)
            left -= iov[first++].iov_len;
        if (left > 0) {
            iov[first].iov_base = static_cast<char*>(iov[first].iov_base) + left;
            iov[first].iov_len -= left;
        }
    }
}

void write_all(int fd, std::string_view bytes, const fs::path& path)
{
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail_write(path, errno);
        }
        done += static_cast<std::size_t>(n);
    }
}

void sync_fd(int fd, const fs::path& path)
{
    if (int err = detail::full_sync(fd))
        fail_write(path, err);
}

// The directory must reach the disk too, or the rename may be lost at a power cut. File
// systems that cannot sync a directory (EINVAL) already order the rename themselves.
void sync_directory(int dirfd, const fs::path& dir)
{
    if (::fsync(dirfd) != 0 && errno != EINVAL && errno != EROFS)
        fail_write(dir, errno);
}

// Refuses a symlink (naming its target), a missing file and anything but a regular file.
void check_entry(int dirfd, const fs::path& path, struct stat& st)
{
    const std::string name = path.filename().string();
    if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            fail_missing(path);
        fail_write(path, errno);
    }
    if (S_ISLNK(st.st_mode)) {
        std::array<char, 4096> target{};
        ssize_t n = ::readlinkat(dirfd, name.c_str(), target.data(), target.size() - 1);
        fail_symlink(path, n >= 0 ? std::string(target.data(), static_cast<std::size_t>(n)) : std::string("?"));
    }
    if (!S_ISREG(st.st_mode))
        fail_not_regular(path);
}

// Names in a flistxattr buffer; EOPNOTSUPP means the file system has none.
std::vector<std::string> xattr_names(int fd, const fs::path& path)
{
    for (;;) {
        ssize_t size = detail::list_xattrs(fd, nullptr, 0);
        if (size < 0) {
            if (errno == ENOTSUP || errno == EOPNOTSUPP)
                return {};
            fail_write(path, errno);
        }
        std::string buffer(static_cast<std::size_t>(size), '\0');
        ssize_t got = detail::list_xattrs(fd, buffer.data(), buffer.size());
        if (got < 0) {
            if (errno == ERANGE)
                continue;  // grew in between
            fail_write(path, errno);
        }
        std::vector<std::string> names;
        for (std::size_t pos = 0; pos < static_cast<std::size_t>(got);) {
            std::size_t end = buffer.find('\0', pos);
            if (end == std::string::npos)
                end = static_cast<std::size_t>(got);
            if (end > pos)
                names.emplace_back(buffer, pos, end - pos);
            pos = end + 1;
        }
        return names;
    }
}

// Reads one attribute into `value`; false (errno set) when it cannot be read or does not exist.
bool read_xattr(int fd, const std::string& name, std::string& value)
{
    for (;;) {
        ssize_t size = detail::get_xattr(fd, name, nullptr, 0);
        if (size < 0)
            return false;
        value.assign(static_cast<std::size_t>(size), '\0');
        ssize_t got = detail::get_xattr(fd, name, value.data(), value.size());
        if (got >= 0) {
            value.resize(static_cast<std::size_t>(got));
            return true;
        }
        if (errno != ERANGE)
            return false;
    }
}

[[noreturn]] void fail_xattr(const fs::path& path, const std::string& name, int err)
{
    throw Error(ErrorKind::Io, trf("Cannot copy the extended attribute {1} of {0}: {2}", path.string(), name, reason(err)));
}

// Gives the temp file exactly the original's attributes, security.selinux and user.* included.
// An attribute the temp already has with the same value is left alone (a label inherited from
// the directory needs no relabel permission). Attributes the original lacks are removed as far
// as detail::remove_extra_xattr says they must be.
void copy_xattrs(int from, int to, const fs::path& path)
{
    const std::vector<std::string> names = xattr_names(from, path);
    for (const std::string& name : names) {
        std::string value;
        if (!read_xattr(from, name, value)) {
            if (detail::is_missing_xattr(errno))
                continue;  // removed in between
            fail_xattr(path, name, errno);
        }
        std::string existing;
        if (read_xattr(to, name, existing) && existing == value)
            continue;
        if (detail::set_xattr(to, name, value) != 0)
            fail_xattr(path, name, errno);
    }
    for (const std::string& name : xattr_names(to, path)) {
        if (std::find(names.begin(), names.end(), name) != names.end())
            continue;
        if (int err = detail::remove_extra_xattr(to, name))
            fail_xattr(path, name, err);
    }
}

void create_private_directories(const fs::path& dir)
{
    fs::path failed;
    if (int err = detail::create_private_directories(dir, failed))
        fail_write(failed, err);
}

Fd open_directory(const fs::path& dir, const fs::path& path)
{
    int fd = ::open(dir.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            fail_missing(path);
        fail_write(path, errno);
    }
    return Fd(fd);
}

}  // namespace

void check_replaceable(const fs::path& path, const ReplaceOptions&)
{
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR)
            fail_missing(path);
        fail_write(path, errno);
    }
    if (S_ISLNK(st.st_mode)) {
        std::error_code ec;
        fs::path target = fs::read_symlink(path, ec);
        fail_symlink(path, ec ? std::string("?") : target.string());
    }
    if (!S_ISREG(st.st_mode))
        fail_not_regular(path);

    // Without read access fd is -1 and only st is checked: the write reports EACCES later.
    Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    detail::check_not_immutable(fd.get(), st, path);

    struct statvfs vfs {};
    if (::statvfs(path.c_str(), &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
        throw Error(ErrorKind::Io, trf("{0} is on a read-only file system.", path.string()));

    const fs::path dir = directory_of(path);
    if (::faccessat(AT_FDCWD, dir.c_str(), W_OK | X_OK, AT_EACCESS) != 0) {
        const int err = errno;
        if (err == EROFS)
            throw Error(ErrorKind::Io, trf("{0} is on a read-only file system.", path.string()));
        throw Error(ErrorKind::Permission,
                    trf("You do not have permission to replace {0}: its folder {1} is not writable ({2}).", path.string(),
                        dir.string(), reason(err)));
    }
}

ReplaceOutcome replace_file_atomically(const fs::path& path, std::span<const std::string_view> pieces,
                                       const ReplaceOptions& options)
{
    const fs::path dir = directory_of(path);
    const std::string name = path.filename().string();
    Fd dirfd = open_directory(dir, path);

    struct stat st {};
    check_entry(dirfd.get(), path, st);
    Fd original(::openat(dirfd.get(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (!original) {
        const int err = errno;
        if (err == ELOOP || err == ENOENT)
            check_entry(dirfd.get(), path, st);  // changed in between: report what it is now
        fail_write(path, err);
    }
    if (::fstat(original.get(), &st) != 0)
        fail_write(path, errno);
    if (!S_ISREG(st.st_mode))
        fail_not_regular(path);
    detail::check_not_immutable(original.get(), st, path);

    std::string temp_name;
    Fd temp = create_temp(dirfd.get(), path, temp_name);
    TempGuard guard(dirfd.get(), temp_name);
    FSHOSTS_FAULT_POINT("temp_created");

    write_all(temp.get(), pieces, path);
    FSHOSTS_FAULT_POINT("temp_written");

    // Owner first: chown clears set-id bits, the final fchmod puts the exact mode back.
    struct stat temp_st {};
    if (::fstat(temp.get(), &temp_st) != 0)
        fail_write(path, errno);
    if ((temp_st.st_uid != st.st_uid || temp_st.st_gid != st.st_gid) &&
        ::fchown(temp.get(), st.st_uid, st.st_gid) != 0) {
        const int err = errno;
        if (err == EPERM)
            throw Error(ErrorKind::Permission,
                        trf("Cannot give the new content of {0} its owner {1}:{2}; only the administrator can ({3}).",
                            path.string(), st.st_uid, st.st_gid, reason(err)));
        fail_write(path, err);
    }
    copy_xattrs(original.get(), temp.get(), path);
    detail::copy_acl(original.get(), temp.get(), path);
    if (::fchmod(temp.get(), st.st_mode & 07777) != 0)
        fail_write(path, errno);

    // fsync kept: the new bytes must be on the disk before the rename gives them the real name,
    // or a power cut can leave an empty or partial hosts file (a SIGKILL alone could not).
    sync_fd(temp.get(), path);
    FSHOSTS_FAULT_POINT("temp_synced");
    if (int err = temp.close_checked())
        fail_write(path, err);

    if (options.verify_before_replace)
        options.verify_before_replace();
    if (::renameat(dirfd.get(), temp_name.c_str(), dirfd.get(), name.c_str()) != 0) {
        if (errno == EBUSY)
            return ReplaceOutcome::Busy;  // a bind-mounted file; the guard removes the temp file
        fail_write(path, errno);
    }
    guard.disarm();
    FSHOSTS_FAULT_POINT("renamed");
    // fsync of the directory kept, once per change: the change is reported (and audited) as
    // done only when the rename itself survives a power cut.
    sync_directory(dirfd.get(), dir);
    return ReplaceOutcome::Replaced;
}

void overwrite_in_place(const fs::path& path, std::string_view bytes)
{
    Fd fd(::open(path.c_str(), O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC));
    if (!fd) {
        const int err = errno;
        if (err == ELOOP || err == ENOENT) {
            struct stat st {};
            Fd dirfd = open_directory(directory_of(path), path);
            check_entry(dirfd.get(), path, st);  // names the symlink target, or "does not exist"
        }
        fail_write(path, err);
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0)
        fail_write(path, errno);
    if (!S_ISREG(st.st_mode))
        fail_not_regular(path);

    // Reserve the blocks first, so a full disk refuses the change before a byte is written.
    if (bytes.size() > static_cast<std::size_t>(st.st_size))
        if (int err = detail::reserve_space(fd.get(), bytes.size()))
            fail_write(path, err);

    for (std::size_t offset = 0; offset < bytes.size();) {
        const std::size_t end = std::min(bytes.size(), offset + chunk_size);
        while (offset < end) {
            ssize_t n = ::pwrite(fd.get(), bytes.data() + offset, end - offset, static_cast<off_t>(offset));
            if (n < 0) {
                if (errno == EINTR)
                    continue;
                fail_write(path, errno);
            }
            offset += static_cast<std::size_t>(n);
        }
        FSHOSTS_FAULT_POINT("in_place_chunk");
    }
    if (::ftruncate(fd.get(), static_cast<off_t>(bytes.size())) != 0)
        fail_write(path, errno);
    // fsync kept: the caller removes its journal next, and must not while the bytes may be lost.
    sync_fd(fd.get(), path);
    if (int err = fd.close_checked())
        fail_write(path, err);
}

void write_private_file(const fs::path& path, std::string_view bytes, DirectorySync dir_sync)
{
    const fs::path dir = directory_of(path);
    create_private_directories(dir);
    Fd dirfd = open_directory(dir, dir);
    detail::write_private_file_at(dirfd.get(), path, bytes, dir_sync);
}

void detail::write_private_file_at(int dirfd, const fs::path& path, std::string_view bytes, DirectorySync dir_sync)
{
    std::string temp_name;
    Fd temp = create_temp(dirfd, path, temp_name);
    TempGuard guard(dirfd, temp_name);
    if (::fchmod(temp.get(), 0600) != 0)  // the umask may have taken more away
        fail_write(path, errno);
    write_all(temp.get(), bytes, path);
    // fsync kept: a name must never point at bytes that a power cut can lose (backups are
    // trusted by name, the journal and the index are the only record of what they describe).
    sync_fd(temp.get(), path);
    if (int err = temp.close_checked())
        fail_write(path, err);
    if (::renameat(dirfd, temp_name.c_str(), dirfd, path.filename().c_str()) != 0)
        fail_write(path, errno);
    guard.disarm();
    if (dir_sync == DirectorySync::Now)
        sync_directory(dirfd, directory_of(path));
}

[[noreturn]] void detail::fail_state_write(const fs::path& path, int err) { fail_write(path, err); }

void sync_directory(const fs::path& dir)
{
    Fd dirfd = open_directory(dir, dir);
    sync_directory(dirfd.get(), dir);
}

int detail::list_directory_at(int dirfd, std::vector<std::string>& names)
{
    names.clear();
    // fdopendir takes over the descriptor it is given: list through a new one for the same directory.
    const int fd = ::openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    DIR* listing = fd < 0 ? nullptr : ::fdopendir(fd);
    if (!listing) {
        const int err = errno;
        if (fd >= 0)
            ::close(fd);
        return err;
    }
    std::unique_ptr<DIR, int (*)(DIR*)> closer(listing, ::closedir);
    while (const dirent* entry = ::readdir(listing)) {
        const std::string_view n = entry->d_name;
        if (n != "." && n != "..")
            names.emplace_back(n);
    }
    return 0;
}

std::vector<std::string> detail::remove_stale_temp_files_at(int dirfd, const fs::path& path)
{
    const fs::path dir = directory_of(path);
    const std::string name = path.filename().string();
    std::vector<std::string> removed;

    std::vector<std::string> candidates;
    if (const int err = list_directory_at(dirfd, candidates); err != 0)
        fail_write(dir, err);
    std::erase_if(candidates, [&](const std::string& entry) { return !is_temp_name(entry, name); });
    for (const std::string& candidate : candidates) {
        struct stat st {};
        if (::fstatat(dirfd, candidate.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
            continue;
        if (::unlinkat(dirfd, candidate.c_str(), 0) != 0) {
            if (errno == ENOENT)
                continue;
            fail_write(dir / candidate, errno);
        }
        removed.push_back(candidate);
    }
    std::sort(removed.begin(), removed.end());
    return removed;
}

std::vector<std::string> remove_stale_temp_files(const fs::path& path)
{
    const fs::path dir = directory_of(path);
    const Fd dirfd(::open(dir.c_str(), O_DIRECTORY | O_RDONLY | O_CLOEXEC));
    if (dirfd.get() < 0) {
        if (errno == ENOENT)
            return {};
        fail_write(dir, errno);
    }
    return detail::remove_stale_temp_files_at(dirfd.get(), path);
}

int detail::create_private_directories(const fs::path& dir, fs::path& failed)
{
    fs::path current;
    for (const fs::path& part : dir) {
        current /= part;
        if (::mkdir(current.c_str(), 0700) == 0) {
            if (::chmod(current.c_str(), 0700) != 0) {
                failed = current;
                return errno;
            }
        } else if (errno != EEXIST) {
            failed = current;
            return errno;
        }
    }
    return 0;
}

}  // namespace fshosts::platform
