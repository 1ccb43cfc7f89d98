// Whether this process could replace a file itself, asked of the kernel (POSIX: Linux and macOS;
// Windows has its own check in windows/elevation.cpp). macOS uses it to let a user whom IT gave
// the hosts file change it without the authorization prompt.
#pragma once

#include <filesystem>

namespace fshosts::platform {

// True when the writer (platform/atomic_replace.h) could replace `file` (a regular file, not a
// symlink) in this process, keeping everything it keeps: the effective user may write the file
// and create and rename files in its directory (faccessat with AT_EACCESS on both, so ACLs count
// wherever the kernel honours them), and may give the new file the old one's owner and group,
// which only root can do for another owner: so the file must belong to the effective user, and
// its group be the effective group or one of the supplementary groups. A file IT opened to the
// user with an ACL alone, still owned by root, is false (its owner could not be kept). Nothing
// is opened or written.
bool may_replace_file(const std::filesystem::path& file);

}  // namespace fshosts::platform
