// A directory of fshosts's private state (backups, journal, audit log, lock), opened only after
// every directory on its path was checked, and held open: every file in it is then reached
// relative to that handle without following links, so nobody else can redirect what fshosts
// reads, writes, renames or removes there.
//
// The rules (docs/state-directory.md):
//   - the state directory and everything below it: owned by root or by the user fshosts runs as,
//     no write permission for group or others, not a symbolic link;
//   - its parents up to /: the same owners and no symbolic links; a parent writable by group or
//     others is accepted only with the sticky bit (as /tmp), where nobody can rename or remove
//     another user's entries;
//   - missing directories are created with mode 0700 relative to a checked parent.
// A failed check throws Error(Permission) naming the directory and the problem; nothing is
// created or changed then. Windows: plain paths (its ACLs are checked elsewhere, issue 10).
#pragma once

#include "platform/atomic_replace.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fshosts::platform {

// A file opened append-only (the audit log): each write() is one write(2) on an O_APPEND
// descriptor, so lines of processes writing at the same time never mix.
class AppendFile {
public:
    explicit AppendFile(std::filesystem::path path, int fd) : m_path(std::move(path)), m_fd(fd) {}
    AppendFile(AppendFile&& other) noexcept : m_path(std::move(other.m_path)), m_fd(std::exchange(other.m_fd, -1)) {}
    AppendFile& operator=(AppendFile&& other) noexcept
    {
        if (this != &other) {
            close();
            m_path = std::move(other.m_path);
            m_fd = std::exchange(other.m_fd, -1);
        }
        return *this;
    }
    ~AppendFile() { close(); }
    // Appends all of `bytes`; throws Error(Io) naming the file.
    void write(std::string_view bytes);
    std::uint64_t size() const;

private:
    void close() noexcept;  // per OS: close(2), the CRT's _close

    std::filesystem::path m_path;
    int m_fd = -1;  // POSIX fd; Windows: a CRT file descriptor
};

class FileLock;

class SecureDir {
public:
    // Checks `path` and its parents, creating missing directories when `create` is set. Returns
    // nullopt when `path` does not exist and `create` is not set (a parent that fails the check
    // still throws).
    static std::optional<SecureDir> open(const std::filesystem::path& path, bool create);

    // A subdirectory, checked by the same rules; nullopt when missing and not `create`.
    std::optional<SecureDir> subdir(const std::string& name, bool create) const;

    const std::filesystem::path& path() const noexcept { return m_path; }

    // The content of the regular file `name`; nullopt when there is none. Throws Error when it is
    // a link or anything but a regular file, is not owned by root or this user, is writable by
    // group or others, or cannot be read.
    std::optional<std::string> read(const std::string& name) const;

    // Whether `name` is a regular file here (links are not followed).
    bool is_file(const std::string& name) const;
    // Its size, when it is a regular file.
    std::optional<std::uint64_t> file_size(const std::string& name) const;

    // Writes `name` durably and atomically (temp file, fsync, rename), mode 0600.
    void write(const std::string& name, std::string_view bytes, DirectorySync sync = DirectorySync::Now) const;

    // `name` opened append-only (created with mode 0600; a link or a file failing the checks of
    // read() is refused).
    AppendFile open_append(const std::string& name) const;

    // Removes the file `name` (never a directory, never what a link points to: only the link).
    // False when there was none.
    bool remove(const std::string& name) const;
    // Removes the temp files an interrupted write() of `name` left here (regular files with the
    // temp-name pattern of platform/atomic_replace.h only). Returns the names removed.
    std::vector<std::string> remove_stale_temp_files(const std::string& name) const;
    // Renames `from` to `to` inside this directory.
    void rename(const std::string& from, const std::string& to) const;
    // The names of the entries (without . and ..).
    std::vector<std::string> list() const;
    // Makes the renames and removals done here durable.
    void sync() const;

    SecureDir(SecureDir&&) noexcept;
    SecureDir& operator=(SecureDir&&) noexcept;
    ~SecureDir();

private:
    friend class FileLock;  // opens its lock file relative to m_handle
    SecureDir(std::filesystem::path path, std::intptr_t handle);
    std::filesystem::path m_path;
    std::intptr_t m_handle = -1;  // POSIX: the directory's fd
};

}  // namespace fshosts::platform
