// The fixed names macOS gives the things fshosts touches: the hosts file, the state directories
// and the DNS cache flush commands. Kept here, built on every OS, so the Linux tests check what
// platform/macos/*.cpp uses (label macos).
#pragma once

#include <string_view>
#include <vector>

namespace fshosts::platform::macos {

// /etc is a symlink to /private/etc; the real file is named so no symlink is ever followed.
inline constexpr std::string_view hosts_path = "/private/etc/hosts";
// Backups, journal and audit log of system changes: root-only (made 0700 by the writer).
inline constexpr std::string_view system_state_dir = "/Library/Application Support/fshosts";
// The same for --hosts-file targets, below the user's home directory.
inline constexpr std::string_view user_state_dir_in_home = "Library/Application Support/fshosts";

// One DNS cache flush: the cache's name in reports, the program (absolute path) and its
// arguments (argv[1..]); run without a shell.
struct FlushCommand {
    std::string_view cache;
    std::string_view program;
    std::vector<std::string_view> args;
};

// The flushes, in order. They are the same on every supported version (12 and later, the
// bundle's LSMinimumSystemVersion) and have been since 10.10.4: dscacheutil clears the directory
// service cache, SIGHUP makes mDNSResponder (which answers the lookups and reads /etc/hosts) drop
// its cache. Only 10.10.0 to 10.10.3 differed (discoveryutil), so no version is asked for.
std::vector<FlushCommand> dns_flush_commands();

}  // namespace fshosts::platform::macos
