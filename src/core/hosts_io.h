// Reading a hosts file as raw bytes, with errors a user can act on. Only a regular file of at
// most platform::max_hosts_file_bytes is read (platform/regular_file.h): a FIFO, a device or a
// folder is refused at once. Writing is the crash-safe writer's (core/hosts_writer.h).
#pragma once

#include "platform/byte_buffer.h"
#include "platform/file_stamp.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace fshosts {

// The bytes of a file (in one buffer that large files fill without a page fault per 4 KiB) and
// its stamp taken before they were read.
struct StampedBytes {
    platform::ByteBuffer bytes;
    platform::FileStamp stamp;
};

// The whole file as bytes, read into one buffer sized from the file's size. Throws
// Error(Permission) or Error(Io) naming the path and cause.
std::string read_hosts_file(const std::filesystem::path& path);
StampedBytes read_hosts_file_stamped(const std::filesystem::path& path);

// Whether the file at `path` holds exactly `bytes`, read back a chunk at a time (false when it
// cannot be read).
bool file_holds(const std::filesystem::path& path, std::string_view bytes);

}  // namespace fshosts
