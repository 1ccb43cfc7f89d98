// What a change did, in the terms every front end shows it. Core hands this type to the CLI and
// the GUI; JSON exists only at the helper boundary and for `--json` (helper_protocol.h converts
// both ways). Text that came from the hosts file is already display-safe (displayable()).
#pragma once

#include "core/hosts_writer.h"
#include "core/operations.h"
#include "core/write_recheck.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace fshosts {

// A user line a change disabled. The text is the file's bytes, exactly: show it through
// displayable().
struct DisabledLineNote {
    std::size_t line = 0;  // 1-based, in the file before the change
    std::string name;      // the name of ours it mapped
    std::string address;
    std::string text;  // the line as it was
};

// A DNS cache the helper flushed after a change.
struct DnsFlushNote {
    std::string cache;
    bool ok = false;
    std::string detail;
};

struct ChangeResult {
    std::string operation;  // apply, revert, restore
    bool changed = false;   // the file's bytes changed
    std::vector<std::string> names;
    std::string address;
    std::string backup_id;   // the backup of the bytes before, empty when nothing was written
    std::string hash_after;  // SHA-256 of the file after the change
    bool written_in_place = false;
    std::vector<std::string> recovery;  // translated notes of what recovery of an earlier run did
    std::vector<std::string> added;
    std::vector<std::string> updated;
    std::vector<std::string> unchanged;
    std::vector<std::string> removed;
    std::vector<DisabledLineNote> disabled_lines;
    std::vector<std::size_t> restored_lines;  // lines fshosts had disabled, re-enabled
    std::string restored;                     // restore: the id of the backup put back
    std::optional<std::vector<DnsFlushNote>> dns_flush;  // reported by the helper (system hosts file)
    // The file read again a moment after an apply wrote it (core/write_recheck.h); nullopt where
    // this system does not re-read (Linux, macOS) or nothing was written. Never from the helper:
    // the unelevated process re-reads.
    std::optional<AfterWriteCheck> after_write;
};

// The result of carrying out `plan` (or of finding it changes nothing: `commit` is then empty
// but for hash_after).
ChangeResult change_result(std::string_view operation, const Plan& plan, const CommitResult& commit,
                           const std::vector<std::string>& recovery);

}  // namespace fshosts
