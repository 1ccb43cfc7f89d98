// Whether this process could replace a file itself, asked of the kernel (POSIX: Linux and macOS;
// Windows has its own check in windows/elevation.cpp). macOS uses it to let a user whom IT gave
// write access to /etc/hosts (an ACL) change it without the authorization prompt.
#pragma once

#include <filesystem>

namespace fshosts::platform {

// True when the effective user and groups may write `file` (a regular file, not a symlink) and
// create and rename files in its directory, which the writer needs for its temporary file and
// the atomic rename: faccessat(AT_EACCESS) on both, so ACLs count wherever the kernel honours
// them. Nothing is opened or written.
bool may_replace_file(const std::filesystem::path& file);

}  // namespace fshosts::platform
