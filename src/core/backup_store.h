// Copies of a hosts file taken before every change, so any earlier state can be restored.
// One directory per hosts file: <id>.hosts holds the bytes, <id>.json what we know about them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
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
};

class BackupStore {
public:
    static constexpr std::size_t default_keep = 50;

    BackupStore(std::filesystem::path dir, std::filesystem::path hosts_path);

    // Saves `bytes` durably (mode 0600) and returns the new backup's id.
    std::string save(std::string_view bytes, const std::string& operation);

    // All complete backups, oldest first. Partial ones (an interrupted save) are ignored.
    std::vector<BackupInfo> list() const;

    // The backup whose id is `id` or starts with `id` (unique prefix). Throws Error(BadInput).
    BackupInfo find(const std::string& id) const;

    // The bytes of a backup, verified against its hash (Error(Io) when damaged).
    std::string load(const BackupInfo& backup) const;

    // Keeps the newest `keep` backups plus the pristine one; removes the rest and any leftovers
    // of interrupted saves.
    void prune(std::size_t keep = default_keep);

    const std::filesystem::path& dir() const noexcept { return m_dir; }

private:
    std::filesystem::path m_dir;
    std::filesystem::path m_hosts_path;
};

}  // namespace fshosts
