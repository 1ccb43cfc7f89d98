// macOS side of posix/posix_file_ops.h: arc4random, F_FULLFSYNC, chflags, the macOS xattr
// API (position and options arguments, ENOATTR) and the ACL copied by fcopyfile. There is no
// fallocate, so reserve_space does nothing and a full disk shows during the write.
#include "posix/posix_file_ops.h"

#include "base/error.h"
#include "base/i18n.h"

#include <copyfile.h>
#include <fcntl.h>
#include <stdlib.h>  // arc4random_uniform
#include <sys/xattr.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>

namespace fshosts::platform::detail {

std::string random_temp_suffix(std::string_view alphabet, std::size_t length)
{
    std::string s;
    for (std::size_t i = 0; i < length; ++i)
        s.push_back(alphabet[::arc4random_uniform(static_cast<uint32_t>(alphabet.size()))]);
    return s;
}

int full_sync(int fd)
{
    if (::fcntl(fd, F_FULLFSYNC) != 0 && ::fsync(fd) != 0)  // some file systems lack F_FULLFSYNC
        return errno;
    return 0;
}

// chflags uchg/schg/uappnd/sappnd: rename, unlink and writes are refused, even for root.
void check_not_immutable(int, const struct stat& st, const std::filesystem::path& path)
{
    if (st.st_flags & (UF_IMMUTABLE | SF_IMMUTABLE | UF_APPEND | SF_APPEND))
        throw Error(ErrorKind::Permission,
                    trf("{0} is marked immutable (locked with chflags uchg or schg), so nobody can change it. Remove "
                        "the mark with \"chflags nouchg,noschg,nouappnd,nosappnd {0}\" first.",
                        path.string()));
}

// The fds were opened without following links, so XATTR_NOFOLLOW is moot.
ssize_t list_xattrs(int fd, char* names, std::size_t size) { return ::flistxattr(fd, names, size, 0); }

ssize_t get_xattr(int fd, const std::string& name, char* value, std::size_t size)
{
    return ::fgetxattr(fd, name.c_str(), value, size, 0, 0);
}

int set_xattr(int fd, const std::string& name, std::string_view value)
{
    return ::fsetxattr(fd, name.c_str(), value.data(), value.size(), 0, 0);
}

bool is_missing_xattr(int err) { return err == ENOATTR; }

// Such as com.apple.provenance, which the system adds to new files: removed where the system
// allows, kept otherwise.
int remove_extra_xattr(int fd, const std::string& name)
{
    ::fremovexattr(fd, name.c_str(), 0);
    return 0;
}

// The ACL is not an extended attribute on macOS.
void copy_acl(int from, int to, const std::filesystem::path& path)
{
    if (::fcopyfile(from, to, nullptr, COPYFILE_ACL) != 0)
        throw Error(ErrorKind::Io, trf("Cannot copy the access control list of {0}: {1}", path.string(),
                                       std::generic_category().message(errno)));
}

int reserve_space(int, std::size_t) { return 0; }

}  // namespace fshosts::platform::detail
