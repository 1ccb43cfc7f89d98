// Where fshosts keeps backups, the journal, the audit log and its lock files.
#pragma once

#include <filesystem>

namespace fshosts::platform {

// For the system hosts file; root/administrator only. Linux /var/lib/fshosts, macOS
// /Library/Application Support/fshosts, Windows %ProgramData%\fshosts.
std::filesystem::path system_state_dir();

// For a --hosts-file target: the user's state directory. Linux $XDG_STATE_HOME/fshosts
// (default ~/.local/state/fshosts), macOS ~/Library/Application Support/fshosts,
// Windows %LOCALAPPDATA%\fshosts.
std::filesystem::path user_state_dir();

}  // namespace fshosts::platform
