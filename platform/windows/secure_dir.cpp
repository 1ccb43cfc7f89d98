// Windows: the same interface on plain paths. Windows has no directory descriptors to work
// relative to, and who may write to %ProgramData%\fshosts is a matter of its ACL, which issue 10
// checks and sets; until then the directory is created where missing and used by path, and
// reparse points (links, junctions) are refused as POSIX refuses symbolic links.
#include "platform/secure_dir.h"

#include "platform/atomic_replace.h"

#include "base/error.h"
#include "base/i18n.h"

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

std::optional<SecureDir> open_dir(const fs::path& path, bool create, SecureDir (*make)(fs::path))
{
    std::error_code ec;
    check_not_link(path);
    if (!fs::exists(path, ec)) {
        if (!create)
            return std::nullopt;
        fs::create_directories(path, ec);
        if (ec)
            fail_io(path, ec);
    }
    if (!fs::is_directory(path, ec))
        refuse(path, _("is not a directory."));
    return make(path);
}

}  // namespace

SecureDir::SecureDir(fs::path path, std::intptr_t handle) : m_path(std::move(path)), m_handle(handle) {}
SecureDir::SecureDir(SecureDir&& other) noexcept = default;
SecureDir& SecureDir::operator=(SecureDir&& other) noexcept = default;
SecureDir::~SecureDir() = default;

std::optional<SecureDir> SecureDir::open(const fs::path& path, bool create)
{
    return open_dir(fs::absolute(path).lexically_normal(), create, [](fs::path p) { return SecureDir(std::move(p), -1); });
}

std::optional<SecureDir> SecureDir::subdir(const std::string& name, bool create) const
{
    return open_dir(m_path / fs::u8path(name), create, [](fs::path p) { return SecureDir(std::move(p), -1); });
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
    const int fd = ::_wopen(path.c_str(), _O_WRONLY | _O_APPEND | _O_CREAT | _O_BINARY | _O_NOINHERIT, _S_IREAD | _S_IWRITE);
    if (fd < 0)
        fail_io(path, std::error_code(errno, std::generic_category()));
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
