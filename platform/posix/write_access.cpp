// POSIX: also compiled on macOS.
#include "platform/write_access.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fshosts::platform {

bool may_replace_file(const std::filesystem::path& file)
{
    struct stat st {};  // lstat: a symlink is never "the file" (the writer refuses it too)
    if (::lstat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode))
        return false;
    const std::filesystem::path dir = file.parent_path().empty() ? std::filesystem::path(".") : file.parent_path();
    return ::faccessat(AT_FDCWD, file.c_str(), W_OK, AT_EACCESS) == 0 &&
           ::faccessat(AT_FDCWD, dir.c_str(), W_OK | X_OK, AT_EACCESS) == 0;
}

}  // namespace fshosts::platform
