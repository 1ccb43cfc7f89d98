// POSIX (Linux and macOS): the state directory walked from / one component at a time with
// openat(O_NOFOLLOW | O_DIRECTORY), each directory checked with fstat on the descriptor that is
// then used for the next step, so what is checked is what is used.
#include "platform/secure_dir.h"

#include "base/error.h"
#include "base/i18n.h"
#include "posix/posix_file_ops.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <memory>
#include <system_error>

namespace fshosts::platform {
namespace {

namespace fs = std::filesystem;

std::string reason(int err) { return std::generic_category().message(err); }

[[noreturn]] void refuse_directory(const fs::path& path, const std::string& problem)
{
    throw Error(ErrorKind::Permission,
                trf("fshosts refuses to use its state directory: {0} {1} Nothing was changed. Fix the directory "
                    "(or remove it, and fshosts creates it again safely), then try again.",
                    path.string(), problem));
}

// A file in the state directory that fails the checks.
[[noreturn]] void refuse_file(const fs::path& path, const std::string& problem)
{
    throw Error(ErrorKind::Permission, trf("{0} {1} fshosts does not use such a file in its state directory, and changed nothing.",
                                           path.string(), problem));
}

[[noreturn]] void fail_open(const fs::path& path, int err)
{
    if (err == EACCES || err == EPERM)
        throw Error(ErrorKind::Permission, trf("You do not have permission to use {0} ({1}).", path.string(), reason(err)));
    throw Error(ErrorKind::Io, trf("Cannot open {0}: {1}", path.string(), reason(err)));
}

bool trusted_owner(uid_t uid) { return uid == 0 || uid == ::geteuid(); }

// The open file `fd` is of type `type` (S_IFDIR, S_IFREG), belongs to root or to us, and nobody
// else may write to it: with `sticky_ok` (a parent directory) group/other write is accepted
// when the sticky bit keeps others from renaming or removing our entries.
void check_fd(int fd, const fs::path& path, mode_t type, bool sticky_ok)
{
    const auto refuse = type == S_IFDIR ? &refuse_directory : &refuse_file;
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        fail_open(path, errno);
    if ((st.st_mode & S_IFMT) != type)
        refuse(path, type == S_IFDIR ? _("is not a directory.") : _("is not a regular file."));
    if (!trusted_owner(st.st_uid))
        refuse(path, trf("belongs to another user (uid {0}); it must belong to root or to you.", st.st_uid));
    const bool shared = (st.st_mode & (S_IWGRP | S_IWOTH)) != 0;
    if (shared && !(sticky_ok && (st.st_mode & S_ISVTX) != 0))
        refuse(path, _("can be written by other users (group or others have write permission)."));
}

// `state`: the state directory or one below it (no group/other write at all); else a parent.
void check_directory(int fd, const fs::path& path, bool state) { check_fd(fd, path, S_IFDIR, !state); }

// Why `name` in `dirfd` could not be opened as a directory without following a link.
[[noreturn]] void fail_component(int dirfd, const std::string& name, const fs::path& path, int err)
{
    struct stat st {};
    if (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0) {
        if (S_ISLNK(st.st_mode))
            refuse_directory(path, _("is a symbolic link."));
        if (!S_ISDIR(st.st_mode))
            refuse_directory(path, _("is not a directory."));
    }
    fail_open(path, err);
}

// Opens (and with `create` makes, mode 0700) `name` in the checked directory `dirfd`. -1 when
// missing and not `create`.
int open_component(int dirfd, const std::string& name, const fs::path& path, bool create)
{
    constexpr int flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
    int fd = ::openat(dirfd, name.c_str(), flags);
    if (fd < 0 && errno == ENOENT) {
        if (!create)
            return -1;
        if (::mkdirat(dirfd, name.c_str(), 0700) != 0 && errno != EEXIST)
            fail_open(path, errno);
        fd = ::openat(dirfd, name.c_str(), flags);
    }
    if (fd < 0)
        fail_component(dirfd, name, path, errno);
    return fd;
}

class Fd {
public:
    explicit Fd(int fd = -1) noexcept : m_fd(fd) {}
    ~Fd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const noexcept { return m_fd; }
    int release() noexcept { return std::exchange(m_fd, -1); }
    void reset(int fd) noexcept
    {
        if (m_fd >= 0)
            ::close(m_fd);
        m_fd = fd;
    }

private:
    int m_fd;
};

// A regular file of ours: not a link (O_NOFOLLOW did that), regular, trusted owner, private.
void check_file(int fd, const fs::path& path) { check_fd(fd, path, S_IFREG, false); }

// Opens `name` for reading without following a link; -1 with errno ENOENT when missing.
int open_file(int dirfd, const std::string& name, const fs::path& path, int flags)
{
    int fd = ::openat(dirfd, name.c_str(), flags | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == ENOENT)
            return -1;
        struct stat st {};
        if (errno == ELOOP || (::fstatat(dirfd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode)))
            refuse_file(path, _("is a symbolic link."));
        fail_open(path, errno);
    }
    Fd guard(fd);
    check_file(fd, path);
    return guard.release();
}

}  // namespace

SecureDir::SecureDir(fs::path path, std::intptr_t handle) : m_path(std::move(path)), m_handle(handle) {}

SecureDir::SecureDir(SecureDir&& other) noexcept : m_path(std::move(other.m_path)), m_handle(std::exchange(other.m_handle, -1)) {}

SecureDir& SecureDir::operator=(SecureDir&& other) noexcept
{
    if (this != &other) {
        if (m_handle >= 0)
            ::close(static_cast<int>(m_handle));
        m_path = std::move(other.m_path);
        m_handle = std::exchange(other.m_handle, -1);
    }
    return *this;
}

SecureDir::~SecureDir()
{
    if (m_handle >= 0)
        ::close(static_cast<int>(m_handle));
}

std::optional<SecureDir> SecureDir::open(const fs::path& path, bool create)
{
    const fs::path absolute = fs::absolute(path).lexically_normal();
    fs::path name = absolute.filename();
    fs::path parent = absolute.parent_path();
    if (name.empty()) {  // "dir/": lexically_normal keeps the trailing separator
        name = parent.filename();
        parent = parent.parent_path();
    }
    // The parents are taken as the system resolves them (a home directory may be a link), and
    // every directory of the resolved path is checked; below the state directory's own name
    // nothing is a link.
    std::error_code ec;
    fs::path resolved = fs::weakly_canonical(parent, ec);
    if (ec)
        resolved = parent;
    const fs::path full = resolved / name;

    Fd dir(::open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.get() < 0)
        fail_open("/", errno);
    check_directory(dir.get(), "/", false);
    fs::path walked = "/";
    const std::size_t parts = static_cast<std::size_t>(std::distance(full.begin(), full.end()));
    std::size_t index = 0;
    for (const fs::path& part : full) {
        ++index;
        if (part == "/" || part.empty())
            continue;
        walked /= part;
        const bool last = index == parts;
        const int next = open_component(dir.get(), part.string(), walked, create);
        if (next < 0)
            return std::nullopt;
        dir.reset(next);
        check_directory(dir.get(), walked, last);
    }
    return SecureDir(walked, dir.release());
}

std::optional<SecureDir> SecureDir::subdir(const std::string& name, bool create) const
{
    const fs::path path = m_path / name;
    Fd dir(open_component(static_cast<int>(m_handle), name, path, create));
    if (dir.get() < 0)
        return std::nullopt;
    check_directory(dir.get(), path, true);
    return SecureDir(path, dir.release());
}

std::optional<std::string> SecureDir::read(const std::string& name) const
{
    const fs::path path = m_path / name;
    Fd fd(open_file(static_cast<int>(m_handle), name, path, O_RDONLY));
    if (fd.get() < 0)
        return std::nullopt;
    std::string bytes;
    char buffer[64 * 1024];
    for (;;) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n == 0)
            break;
        if (n < 0) {
            if (errno == EINTR)
                continue;
            fail_open(path, errno);
        }
        bytes.append(buffer, static_cast<std::size_t>(n));
    }
    return bytes;
}

bool SecureDir::is_file(const std::string& name) const
{
    struct stat st {};
    return ::fstatat(static_cast<int>(m_handle), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
}

std::optional<std::uint64_t> SecureDir::file_size(const std::string& name) const
{
    struct stat st {};
    if (::fstatat(static_cast<int>(m_handle), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode))
        return std::nullopt;
    return static_cast<std::uint64_t>(st.st_size);
}

void SecureDir::write(const std::string& name, std::string_view bytes, DirectorySync sync) const
{
    detail::write_private_file_at(static_cast<int>(m_handle), m_path / name, bytes, sync);
}

AppendFile SecureDir::open_append(const std::string& name) const
{
    const fs::path path = m_path / name;
    const int fd = open_file(static_cast<int>(m_handle), name, path, O_WRONLY | O_APPEND | O_CREAT);
    if (fd < 0)  // ENOENT with O_CREAT: the directory itself went away
        fail_open(path, ENOENT);
    return AppendFile(path, fd);
}

void AppendFile::close() noexcept
{
    if (m_fd >= 0)
        ::close(std::exchange(m_fd, -1));
}

void AppendFile::write(std::string_view bytes)
{
    while (!bytes.empty()) {
        const ssize_t n = ::write(m_fd, bytes.data(), bytes.size());
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            detail::fail_state_write(m_path, n < 0 ? errno : EIO);
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
}

std::uint64_t AppendFile::size() const
{
    struct stat st {};
    return ::fstat(m_fd, &st) == 0 ? static_cast<std::uint64_t>(st.st_size) : 0;
}

bool SecureDir::remove(const std::string& name) const
{
    if (::unlinkat(static_cast<int>(m_handle), name.c_str(), 0) == 0)
        return true;
    if (errno == ENOENT)
        return false;
    detail::fail_state_write(m_path / name, errno);
}

std::vector<std::string> SecureDir::remove_stale_temp_files(const std::string& name) const
{
    return detail::remove_stale_temp_files_at(static_cast<int>(m_handle), m_path / name);
}

void SecureDir::rename(const std::string& from, const std::string& to) const
{
    const int fd = static_cast<int>(m_handle);
    if (::renameat(fd, from.c_str(), fd, to.c_str()) != 0)
        detail::fail_state_write(m_path / from, errno);
}

std::vector<std::string> SecureDir::list() const
{
    std::vector<std::string> names;
    if (const int err = detail::list_directory_at(static_cast<int>(m_handle), names); err != 0)
        fail_open(m_path, err);
    return names;
}

void SecureDir::sync() const
{
    if (::fsync(static_cast<int>(m_handle)) != 0 && errno != EINVAL && errno != EROFS)
        detail::fail_state_write(m_path, errno);
}

}  // namespace fshosts::platform
