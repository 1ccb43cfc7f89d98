// Reading and writing a hosts file as raw bytes, with errors a user can act on.
// The crash-safe writer (atomic replace, backups, compare-and-swap) replaces write_hosts_file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace fshosts {

// The whole file as bytes. Throws Error(Permission) or Error(Io) naming the path and cause.
std::string read_hosts_file(const std::filesystem::path& path);

// Replaces the file's content in place (keeps its inode, owner, mode and attributes). The file
// is opened for writing before anything is changed, so a permission problem changes nothing.
void write_hosts_file(const std::filesystem::path& path, std::string_view bytes);

}  // namespace fshosts
