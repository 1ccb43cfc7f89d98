// After a preview was written, the file is read again after a short delay (the platform's,
// platform/write_recheck.h: on Windows, where Microsoft Defender and other security programs undo
// hosts-file changes within about a second; elsewhere no re-read) to tell the user when our block
// was removed or its lines commented out or changed. fshosts never writes them again: it does not
// fight the security program, it says what happened and what to do.
#pragma once

#include "base/error.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts {

// What the re-read found.
struct AfterWriteCheck {
    enum class State {
        Intact,          // the block holds every entry written, as written
        BlockRemoved,    // no fshosts block any more (Defender resets the whole file)
        EntriesChanged,  // the block is there but entries are commented out, changed or missing
        Unreadable,      // the file could not be read again (nothing is known)
    };
    State state = State::Intact;
    std::chrono::milliseconds delay{0};  // how long after the write the file was read again
    std::vector<std::string> missing;    // names whose entry is not in effect as written
    std::string message;                 // translated; empty when Intact

    // The preview is not on: a front end reports a failure (CLI exit code 3).
    bool undone() const noexcept { return state == State::BlockRemoved || state == State::EntriesChanged; }
};

// The exit code when the preview was undone: that of a file changed on disk (3, README "Exit
// codes"): another program changed the file, here right after the write instead of during it.
inline int exit_undone() noexcept { return exit_code(ErrorKind::ChangedOnDisk); }

// When and how the re-read waits. Tests replace `wait` (to change the file "during" the delay
// without waiting) and `delay` (to re-read on systems whose platform delay is zero).
struct RecheckPolicy {
    std::chrono::milliseconds delay = default_delay();  // zero or less: no re-read
    std::function<void(std::chrono::milliseconds)> wait = sleep_for;

    static std::chrono::milliseconds default_delay() noexcept;  // platform::hosts_recheck_delay()
    static void sleep_for(std::chrono::milliseconds delay);     // std::this_thread::sleep_for
};

// Whether `bytes` still hold our block with `address NAME` for every one of `names`, uncommented.
// The state and message of the result; its delay is left at zero. `backup_id`: the backup taken
// before the write; when lines inside our block were changed (fshosts then neither applies nor
// reverts: a damaged block is never repaired), the message says to restore it first.
AfterWriteCheck check_written_entries(std::string_view bytes, const std::vector<std::string>& names,
                                      const std::string& address, const std::string& backup_id = {});

// Waits policy.delay through policy.wait, reads `hosts` (no rights needed) and checks it as above.
// A file that cannot be read gives State::Unreadable with the reason in the message.
AfterWriteCheck recheck_after_write(const std::filesystem::path& hosts, const std::vector<std::string>& names,
                                    const std::string& address, const std::string& backup_id,
                                    const RecheckPolicy& policy);

}  // namespace fshosts
