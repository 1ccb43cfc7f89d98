// Internal to platform/: the few file operations that differ between Linux and macOS, so that
// posix/atomic_replace.cpp serves both. linux/file_ops.cpp or macos/file_ops.cpp implements
// them (chosen in platform/CMakeLists.txt). Calls that return an int give 0 or an errno.
#pragma once

#include <sys/stat.h>
#include <sys/types.h>

#include "platform/atomic_replace.h"

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::platform::detail {

// `length` characters drawn at random from `alphabet`, for a temp file name.
std::string random_temp_suffix(std::string_view alphabet, std::size_t length);

// Flushes `fd` to the storage itself (macOS: F_FULLFSYNC, as fsync alone leaves the drive's cache).
int full_sync(int fd);

// Throws Error (Permission) when the file is immutable or append-only. `fd` may be -1 when the
// file could not be opened; `st` describes the same file.
void check_not_immutable(int fd, const struct stat& st, const std::filesystem::path& path);

// flistxattr / fgetxattr / fsetxattr without the OS-specific arguments: -1 and errno on failure.
ssize_t list_xattrs(int fd, char* names, std::size_t size);
ssize_t get_xattr(int fd, const std::string& name, char* value, std::size_t size);
int set_xattr(int fd, const std::string& name, std::string_view value);
// The errno saying that the attribute does not exist (ENODATA, ENOATTR).
bool is_missing_xattr(int err);
// Removes an attribute the temp file has but the original lacks; returns the errno to report,
// 0 when it is gone or may stay.
int remove_extra_xattr(int fd, const std::string& name);

// Copies the access control list where it is not an extended attribute (macOS); throws Error.
void copy_acl(int from, int to, const std::filesystem::path& path);

// Reserves `size` bytes for `fd` without changing its size, so a full disk shows before the
// first byte is written: ENOSPC or EDQUOT, else 0 (also where the OS cannot reserve).
int reserve_space(int fd, std::size_t size);

// mkdir -p with mode 0700 for every directory it creates, whatever the umask. Returns 0, or the
// errno with `failed` set to the directory that could not be made private.
int create_private_directories(const std::filesystem::path& dir, std::filesystem::path& failed);

// write_private_file() for a directory already open (platform/secure_dir.h): temp file in
// `dirfd`, fsync, renameat to `path`'s file name (+ fsync of the directory when Now).
void write_private_file_at(int dirfd, const std::filesystem::path& path, std::string_view bytes, DirectorySync dir_sync);

// The names in the directory open as `dirfd`, without "." and "..": 0, or the errno.
int list_directory_at(int dirfd, std::vector<std::string>& names);

// remove_stale_temp_files() for a directory already open: the temp files of `path`'s file name
// in `dirfd` (never through a link; only regular files).
std::vector<std::string> remove_stale_temp_files_at(int dirfd, const std::filesystem::path& path);

// Throws the Error a failed write of `path` gives (permission, full disk, read-only, other).
[[noreturn]] void fail_state_write(const std::filesystem::path& path, int err);

}  // namespace fshosts::platform::detail
