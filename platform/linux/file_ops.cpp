// Linux side of posix/posix_file_ops.h: getrandom, fsync, chattr flags, the Linux xattr API
// and fallocate. The access ACL is an extended attribute here, so copy_acl has nothing to do.
#include "posix/posix_file_ops.h"

#include "base/error.h"
#include "base/i18n.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <random>
#include <vector>

namespace fshosts::platform::detail {

std::string random_temp_suffix(std::string_view alphabet, std::size_t length)
{
    std::vector<unsigned char> raw(length);
    if (::getrandom(raw.data(), raw.size(), 0) != static_cast<ssize_t>(raw.size())) {
        std::random_device rd;
        for (auto& b : raw)
            b = static_cast<unsigned char>(rd());
    }
    std::string s;
    for (unsigned char b : raw)
        s.push_back(alphabet[b % alphabet.size()]);
    return s;
}

int full_sync(int fd) { return ::fsync(fd) != 0 ? errno : 0; }

// chattr +i / +a: rename, unlink and writes are all refused by the kernel, even for root.
void check_not_immutable(int fd, const struct stat&, const std::filesystem::path& path)
{
    int flags = 0;
    if (fd < 0 || ::ioctl(fd, FS_IOC_GETFLAGS, &flags) != 0)
        return;  // ENOTTY / EOPNOTSUPP: this file system has no such flags
    if (flags & FS_IMMUTABLE_FL)
        throw Error(ErrorKind::Permission,
                    trf("{0} is marked immutable (chattr +i), so nobody can change it. Remove the mark with "
                        "\"chattr -i {0}\" first.",
                        path.string()));
    if (flags & FS_APPEND_FL)
        throw Error(ErrorKind::Permission,
                    trf("{0} is marked append-only (chattr +a), so it cannot be rewritten. Remove the mark with "
                        "\"chattr -a {0}\" first.",
                        path.string()));
}

ssize_t list_xattrs(int fd, char* names, std::size_t size) { return ::flistxattr(fd, names, size); }

ssize_t get_xattr(int fd, const std::string& name, char* value, std::size_t size)
{
    return ::fgetxattr(fd, name.c_str(), value, size);
}

int set_xattr(int fd, const std::string& name, std::string_view value)
{
    return ::fsetxattr(fd, name.c_str(), value.data(), value.size(), 0);
}

bool is_missing_xattr(int err) { return err == ENODATA; }

// Such as an access ACL inherited from a default ACL; labels the security module insists on
// (security.*) may stay.
int remove_extra_xattr(int fd, const std::string& name)
{
    if (::fremovexattr(fd, name.c_str()) != 0 && errno != ENODATA && name.rfind("security.", 0) != 0)
        return errno;
    return 0;
}

void copy_acl(int, int, const std::filesystem::path&) {}

int reserve_space(int fd, std::size_t size)
{
    if (::fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, static_cast<off_t>(size)) != 0 && (errno == ENOSPC || errno == EDQUOT))
        return errno;
    return 0;  // a file system that cannot reserve finds out during the write
}

}  // namespace fshosts::platform::detail
