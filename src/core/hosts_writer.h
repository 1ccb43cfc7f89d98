// The one way fshosts changes a hosts file. Under an exclusive lock it re-reads the file and
// writes only if it still has the content the change was planned on (compare-and-swap), saves
// a backup first, replaces the file atomically (or, where the OS forbids that, rewrites it in
// place under a journal), and records the change in the audit log. Constructing a writer also
// finishes or undoes whatever an interrupted earlier run left behind, and says what it did.
#pragma once

#include "core/audit_log.h"
#include "core/backup_store.h"
#include "core/sha256.h"
#include "platform/byte_buffer.h"
#include "platform/file_lock.h"
#include "platform/file_stamp.h"
#include "platform/secure_dir.h"

#include <chrono>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts {

// A hosts file and the private state fshosts keeps for it.
struct Target {
    std::filesystem::path hosts;
    std::filesystem::path state_dir;  // lock, journal, backups/ for this hosts file
    std::filesystem::path audit_log;
    // The top of fshosts's own state (state_dir or one of its parents): it and everything below
    // it must be private (platform/secure_dir.h); its parents only safe from other users.
    std::filesystem::path state_root;

    std::filesystem::path backup_dir() const { return state_dir / "backups"; }
    std::filesystem::path lock_file() const { return state_dir / "lock"; }
    std::filesystem::path journal_file() const { return state_dir / "journal.json"; }

    // The system hosts file; state in the root-only system state directory.
    static Target system();
    // The system hosts file changed by this process itself, without the helper (Windows, when
    // platform::can_write_without_elevation): state in the system state directory for an
    // administrator, otherwise in the user's state directory (the system one is theirs to read only).
    static Target system_without_helper();
    // Any other hosts file; state in the user's state directory, one folder per file.
    static Target for_file(const std::filesystem::path& hosts);
    // Every target whose store may keep backups of the system hosts file: system() (the helper,
    // an administrator) first, then the user's state directory (changes made without the helper
    // by a user who is not an administrator: system_without_helper()).
    static std::vector<Target> system_stores();
};

// The folders that keep backups of `target`'s hosts file, the target's own first; for the system
// hosts file (`system_file`) also those of the other Target::system_stores().
std::vector<std::filesystem::path> backup_dirs(const Target& target, bool system_file);

struct ChangeInfo {
    std::string operation;  // apply, revert, restore
    std::vector<std::string> names;
    std::string address;
};

// The file's bytes as read once, their SHA-256 computed once, and the stamp that lets the
// compare-and-swap skip reading and hashing them again when nothing touched the file since.
struct Snapshot {
    platform::ByteBuffer bytes;
    std::string sha256;
    platform::FileStamp stamp;
    Sha256Prefixes prefixes;  // lets the hash of the new content skip the unchanged start
};

struct CommitResult {
    std::string backup_id;
    std::string hash_before;
    std::string hash_after;
    bool in_place = false;  // written in place under the journal (bind-mounted file)
};

class HostsWriter {
public:
    // Checks the state directory (refuses with Error(Permission) when it or a parent could be
    // changed by another user), takes the lock (waits for other fshosts processes at most
    // platform::lock_wait_limit(), then throws Error(Busy) having changed nothing), then recovers
    // from interrupted runs.
    explicit HostsWriter(Target target);

    // At most this many damaged or untrusted journals are kept (journal.damaged-<time>).
    static constexpr std::size_t max_damaged_journals = 5;

    // What recovery did, as translated sentences for the user; empty when there was nothing.
    const std::vector<std::string>& recovery_notes() const noexcept { return m_notes; }
    // Whether recovery wrote to the hosts file (then no message may say nothing was written).
    bool recovery_wrote() const noexcept { return m_recovery_wrote; }

    // Throws Error(ChangedOnDisk) saying the requested change was not made, and what recovery
    // did to the file before, if anything.
    [[noreturn]] void throw_changed_on_disk() const;

    // The file's current bytes.
    std::string read() const;
    // The file's current bytes with their hash and stamp: what a change is planned on.
    Snapshot snapshot() const;
    // snapshot(), with `work` run on the bytes on this thread while they are hashed on another
    // (planning reads the same bytes and does not need the hash): with two cores the hash then
    // costs no time of its own. An exception from `work` is rethrown once the hash has ended.
    Snapshot snapshot_while(const std::function<void(std::string_view bytes)>& work) const;

    // Writes the new content (`new_content`'s pieces one after the other) if the file still
    // holds the snapshot's bytes (checked by stamp, by hash when the stamp cannot tell);
    // otherwise throws Error(ChangedOnDisk) and writes nothing.
    CommitResult commit(const Snapshot& base, std::span<const std::string_view> new_content, const ChangeInfo& info);
    CommitResult commit(const Snapshot& base, std::string_view new_bytes, const ChangeInfo& info);
    // The same for a caller that has only the hash of the bytes it planned on.
    CommitResult commit(const std::string& planned_hash, std::string_view new_bytes, const ChangeInfo& info);

    // Puts back the content of a backup (itself backed up first). `id` may be a unique prefix.
    CommitResult restore(const std::string& id);
    // The same with a backup of this file from another store (Target::system_stores()); the
    // backup of what it replaces goes into this writer's store.
    CommitResult restore(const BackupStore& from, const std::string& id);

    const BackupStore& backups() const noexcept { return m_backups; }
    const Target& target() const noexcept { return m_target; }

private:
    void recover();
    platform::ContentLock content_lock_for_write();
    void set_aside_journal(const std::string& why);
    CommitResult commit_checked(const Snapshot& base, const std::string& planned_hash,
                                std::span<const std::string_view> new_content, const ChangeInfo& info);
    void write_bytes(std::span<const std::string_view> pieces, const Snapshot& base, CommitResult& result);
    bool unchanged(const Snapshot& base) const;
    void verify_unchanged(const Snapshot& base) const;

    Target m_target;
    platform::SecureDir m_state;
    platform::FileLock m_lock;
    BackupStore m_backups;
    AuditLog m_audit;
    std::vector<std::string> m_notes;
    // The courtesy lock on the hosts file: waited for once; after a timeout, tried without waiting.
    std::chrono::milliseconds m_content_wait = platform::content_lock_wait_limit();
    bool m_recovery_wrote = false;
};

}  // namespace fshosts
