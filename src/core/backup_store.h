// Copies of a hosts file taken before every change, so any earlier state can be restored.
// One directory per hosts file. Contents are stored by their SHA-256 (sha256-<hex>), so the same
// bytes are stored once however many backups name them (apply/revert cycles store nothing
// new); one index file lists the backups. Stores written by fshosts before this layout
// (<id>.hosts + <id>.json per backup) stay readable and are taken into the index on the next save.
//
// Every file of the store is reached relative to its checked directory without following links
// (platform/secure_dir.h): a link planted in the store is never read, written or pruned through.
#pragma once

#include "platform/secure_dir.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts {

struct BackupInfo {
    std::string id;         // sortable by time: 20261126T102233.123456Z-1a2b3c4d
    std::string time;       // ISO 8601 UTC
    std::uint64_t size = 0;
    std::string sha256;
    std::string operation;  // the change that followed this backup
    bool pristine = false;  // the first backup ever taken of this file; never pruned
    std::string file;       // the file in the store holding the bytes (shared by equal contents)
};

// A backup and the store that keeps it: the backups of the system hosts file may be kept in two
// stores (Target::system_stores()).
struct StoredBackup {
    BackupInfo info;
    std::filesystem::path backup_dir;
};

class BackupStore {
public:
    static constexpr std::size_t default_keep = 50;

    // A store to list and load from: `dir` is checked (and must not be created) when first used.
    BackupStore(std::filesystem::path dir, std::filesystem::path hosts_path);
    // The writer's store, in a directory it has checked and opened already.
    BackupStore(platform::SecureDir dir, std::filesystem::path hosts_path);

    // Saves `bytes` durably (mode 0600) and returns the new backup's id. `sha256` is the hash of
    // `bytes` when the caller has it already. Keeps the newest `default_keep` backups plus the
    // pristine one in the index; prune() then removes the files nothing names any more.
    std::string save(std::string_view bytes, const std::string& operation);
    std::string save(std::string_view bytes, const std::string& sha256, const std::string& operation);

    // All complete backups, oldest first. Partial ones (an interrupted save) are ignored.
    // Throws Error(Io) when the index exists but cannot be read.
    std::vector<BackupInfo> list() const;

    // The backup whose id is `id` or starts with `id` (unique prefix). Throws Error(BadInput).
    BackupInfo find(const std::string& id) const;

    // The bytes of a backup, verified against its hash (Error(Io) when damaged).
    std::string load(const BackupInfo& backup) const;

    // Keeps the newest `keep` backups plus the pristine one; removes the rest, contents no backup
    // names any more, old-layout files already in the index, and leftovers of interrupted saves.
    void prune(std::size_t keep = default_keep);

    const std::filesystem::path& dir() const noexcept { return m_dir; }

private:
    // The store's directory; nullptr when it does not exist (nothing saved yet).
    const platform::SecureDir* store() const;
    const std::vector<BackupInfo>& entries() const;
    void write_index(const std::vector<BackupInfo>& entries, bool sync_now) const;

    std::filesystem::path m_dir;
    mutable std::optional<platform::SecureDir> m_store;
    mutable bool m_store_opened = false;
    std::filesystem::path m_hosts_path;
    // The index as last read or written. Valid while the writer holds the lock (nobody else
    // changes the store then); a store made only to list reads it once.
    mutable std::optional<std::vector<BackupInfo>> m_entries;
    mutable bool m_unindexed = false;  // old-layout backups found that the index does not list yet
};

// The backups of `hosts_path` kept in each of `backup_dirs` (a store that does not exist adds
// none), oldest first. The first store is the target's own: when it cannot be read this throws
// like BackupStore::list(). The others are extra places (the user's store of the system hosts
// file, which root under sudo may not be allowed to open): one that cannot be read adds none.
std::vector<StoredBackup> list_backups(const std::vector<std::filesystem::path>& backup_dirs,
                                       const std::filesystem::path& hosts_path);

// The backup among `backups` whose id is `id` or starts with `id` (a prefix that only one id has).
// Throws Error(BadInput) when none or several match.
const StoredBackup& find_backup(const std::vector<StoredBackup>& backups, const std::string& id);

}  // namespace fshosts
