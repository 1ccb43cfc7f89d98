// Replacing a file's content so that a crash at any moment leaves either the old or the new
// content, never a mix, and the file keeps its mode, owner, group and extended attributes.
#pragma once

#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::platform {

enum class ReplaceOutcome {
    Replaced,  // the new content is in place (rename / ReplaceFileW)
    Busy,      // the OS refused to replace the file itself (a bind mount: EBUSY); nothing changed
};

struct ReplaceOptions {
    // Windows only: clear the read-only attribute for the write and set it again afterwards.
    bool clear_readonly = false;
    // Called once the new content is durable in the temp file, right before it replaces the
    // original: the last chance to notice that someone else changed the file meanwhile. It
    // throws to abort; the temp file is then removed and the original is untouched.
    std::function<void()> verify_before_replace;
};

// Refuses (Error) when `path` is a symlink (naming its target), is missing, is not a regular
// file, is immutable / append-only, or lies on a read-only file system. Changes nothing.
// `options` lets Windows refuse a read-only file up front unless clear_readonly is set.
void check_replaceable(const std::filesystem::path& path, const ReplaceOptions& options = {});

// POSIX: temp file beside `path` (O_EXCL|O_NOFOLLOW, 0600), write, copy mode/owner/group/xattrs,
// fsync, rename over `path`, fsync the directory. Any failure removes the temp file and throws
// Error naming the cause; the original is untouched. The new content is `pieces` one after
// the other (written with writev: a change to a large file is the old bytes around a few new
// ones, and is never copied into one buffer first).
ReplaceOutcome replace_file_atomically(const std::filesystem::path& path, std::span<const std::string_view> pieces,
                                       const ReplaceOptions& options = {});
inline ReplaceOutcome replace_file_atomically(const std::filesystem::path& path, std::string_view bytes,
                                              const ReplaceOptions& options = {})
{
    const std::string_view one[] = {bytes};
    return replace_file_atomically(path, one, options);
}

// Rewrites `path` in place (same inode: works on a bind-mounted file) and syncs it. Not atomic:
// the caller protects it with a journal and a backup.
void overwrite_in_place(const std::filesystem::path& path, std::string_view bytes);

// Whether write_private_file makes its rename durable itself (Now) or leaves that to one
// sync_directory() call after several files were written to the same directory (Later).
enum class DirectorySync { Now, Later };

// Writes a private file (mode 0600) durably and atomically: temp + fsync + rename (+ fsync dir
// unless `dir_sync` is Later). Used for backups and the journal. Creates missing parent
// directories with mode 0700.
void write_private_file(const std::filesystem::path& path, std::string_view bytes, DirectorySync dir_sync = DirectorySync::Now);

// Makes the renames and removals done in `dir` durable (POSIX: fsync of the directory; a no-op
// where the OS makes them durable itself).
void sync_directory(const std::filesystem::path& dir);

// Removes temp files that an interrupted replace_file_atomically left beside `path` (only
// regular files with our exact temp-name pattern). Returns the names it removed.
std::vector<std::string> remove_stale_temp_files(const std::filesystem::path& path);

}  // namespace fshosts::platform
