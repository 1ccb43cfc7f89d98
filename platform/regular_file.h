// Opening a file that fshosts reads whole (a hosts file, a backup, a journal): the open never
// waits (a FIFO without a writer, a terminal, a device), anything but a regular file is refused
// before a byte is read, and so is a file larger than max_hosts_file_bytes, so a hostile or
// mistaken path cannot hang fshosts or exhaust its memory.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>

namespace fshosts::platform {

// The largest file fshosts reads: 64 MiB (README "Limits"). The largest real hosts files
// (blocklists of a few million lines) are well below it.
inline constexpr std::uint64_t max_hosts_file_bytes = std::uint64_t{64} << 20;

// Opens `path` for reading in binary mode. POSIX: open(2) with O_NONBLOCK and O_NOCTTY, then
// fstat on that descriptor (no stat-then-open race). Returns nullptr with `error` set to the
// errno when the file cannot be opened; throws Error(Io) when it is not a regular file or is
// larger than max_hosts_file_bytes.
std::FILE* open_regular_file(const std::filesystem::path& path, int& error);

// Throws Error(Io) saying that `path` is larger than max_hosts_file_bytes (also for a file that
// grows past it while it is read).
[[noreturn]] void fail_too_large(const std::filesystem::path& path);

}  // namespace fshosts::platform
