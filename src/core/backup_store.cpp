#include "core/backup_store.h"

#include "base/error.h"
#include "base/i18n.h"
#include "core/helper_protocol.h"
#include "core/sha256.h"
#include "platform/fault_injection.h"

#include <fmt/chrono.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <set>

namespace fs = std::filesystem;
using nlohmann::json;

namespace fshosts {
namespace {

constexpr std::string_view index_name = "index";           // no extension: an older fshosts leaves it alone
constexpr std::string_view content_prefix = "sha256-";      // sha256-<64 hex>: one file per distinct content
constexpr std::string_view legacy_content_ext = ".hosts";   // old layout: <id>.hosts + <id>.json
constexpr std::string_view legacy_meta_ext = ".json";
constexpr int index_format = 2;

struct Stamp {
    std::string id_part;  // 20261126T102233.123456Z
    std::string iso;      // 2026-11-26T10:22:33.123456Z
};

Stamp now_stamp()
{
    auto now = std::chrono::system_clock::now();
    auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
    std::tm tm = fmt::gmtime(std::chrono::system_clock::to_time_t(now));
    return {fmt::format("{:%Y%m%dT%H%M%S}.{:06d}Z", tm, micros), fmt::format("{:%Y-%m-%dT%H:%M:%S}.{:06d}Z", tm, micros)};
}

// A name inside the store, never a path that leads out of it.
bool is_plain_name(const std::string& name)
{
    return !name.empty() && name != "." && name != ".." && name.find('/') == std::string::npos &&
           name.find('\\') == std::string::npos;
}

BackupInfo from_json(const json& j)
{
    BackupInfo b;
    b.id = j.at("id").get<std::string>();
    b.time = j.at("time").get<std::string>();
    b.size = j.at("size").get<std::uint64_t>();
    b.sha256 = j.at("sha256").get<std::string>();
    b.operation = j.value("operation", "");
    b.pristine = j.value("pristine", false);
    b.file = j.value("file", b.id + std::string(legacy_content_ext));
    return b;
}

json to_json(const BackupInfo& b)
{
    return json{{"id", b.id},     {"time", b.time},           {"size", b.size}, {"sha256", b.sha256},
                {"operation", b.operation}, {"pristine", b.pristine}, {"file", b.file}};
}

// The entries of the index file; none when there is no index yet.
std::vector<BackupInfo> read_index(const platform::SecureDir& dir)
{
    const fs::path path = dir.path() / index_name;
    const std::optional<std::string> text = dir.read(std::string(index_name));
    if (!text)
        return {};
    try {
        const json index = json::parse(*text);
        std::vector<BackupInfo> out;
        for (const json& j : index.at("backups"))
            out.push_back(from_json(j));
        return out;
    } catch (const Error&) {
        throw;
    } catch (const std::exception&) {
        // Written only by rename of a synced temp file, so this is damage from outside. Guessing
        // would let prune() delete backups; refuse instead and say how to start afresh. The
        // parser's own (English, technical) reason is left out of the user's message.
        throw Error(ErrorKind::Io, trf("The backup index {0} is damaged: it is not the list fshosts writes. Move its folder "
                                       "elsewhere to start afresh; the backed-up contents are the other files in that folder.",
                                       path.string()));
    }
}

// Backups in the old layout that the index does not list yet: <id>.json describing <id>.hosts.
std::vector<BackupInfo> read_legacy(const platform::SecureDir& dir, const std::set<std::string>& indexed)
{
    std::vector<BackupInfo> out;
    for (const std::string& name : dir.list()) {
        const fs::path p = name;
        const std::string stem = p.stem().string();
        if (p.extension() != legacy_meta_ext || indexed.count(stem))
            continue;
        try {
            const std::optional<std::string> text = dir.read(name);
            if (!text)
                continue;
            BackupInfo b = from_json(json::parse(*text));
            b.file = stem + std::string(legacy_content_ext);
            if (b.id == stem)
                out.push_back(std::move(b));
        } catch (const std::exception&) {
            // Unreadable metadata: an interrupted save of the old layout. prune() removes it.
        }
    }
    return out;
}

// Newest `keep` plus the pristine one, in order.
void retain(std::vector<BackupInfo>& all, std::size_t keep)
{
    std::vector<BackupInfo> kept;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i].pristine || i + keep >= all.size())
            kept.push_back(std::move(all[i]));
    all = std::move(kept);
}

bool is_content_name(const std::string& name)
{
    return name.size() == content_prefix.size() + 64 && name.compare(0, content_prefix.size(), content_prefix) == 0;
}

}  // namespace

BackupStore::BackupStore(fs::path dir, fs::path hosts_path) : m_dir(std::move(dir)), m_hosts_path(std::move(hosts_path)) {}

BackupStore::BackupStore(platform::SecureDir dir, fs::path hosts_path)
    : m_dir(dir.path()), m_store(std::move(dir)), m_store_opened(true), m_hosts_path(std::move(hosts_path))
{
}

const platform::SecureDir* BackupStore::store() const
{
    if (!m_store_opened) {
        m_store = platform::SecureDir::open(m_dir, false);
        m_store_opened = true;
    }
    return m_store ? &*m_store : nullptr;
}

// The writer's store always exists; a store opened only to list may not.
static const platform::SecureDir& existing(const platform::SecureDir* dir, const fs::path& path)
{
    if (!dir)
        throw Error(ErrorKind::Io, trf("{0} does not exist.", path.string()));
    return *dir;
}

const std::vector<BackupInfo>& BackupStore::entries() const
{
    if (m_entries)
        return *m_entries;
    std::vector<BackupInfo> all;
    const platform::SecureDir* dir = store();
    if (dir) {
        all = read_index(*dir);
        std::set<std::string> indexed;
        for (const BackupInfo& b : all)
            indexed.insert(b.id);
        for (BackupInfo& b : read_legacy(*dir, indexed)) {
            all.push_back(std::move(b));
            m_unindexed = true;
        }
    }
    // A backup whose content file is missing is a save interrupted before its content reached
    // the disk (or a damaged store): it cannot be restored, so it is not listed.
    std::erase_if(all, [&](const BackupInfo& b) { return !is_plain_name(b.file) || !dir->is_file(b.file); });
    std::sort(all.begin(), all.end(), [](const BackupInfo& a, const BackupInfo& b) { return a.id < b.id; });
    m_entries = std::move(all);
    return *m_entries;
}

void BackupStore::write_index(const std::vector<BackupInfo>& all, bool sync_now) const
{
    json list = json::array();
    for (const BackupInfo& b : all)
        list.push_back(to_json(b));
    json index{{"format", index_format}, {"backups", std::move(list)}};
    put_text(index, "hosts_file", m_hosts_path.string(), 65536);  // a path that is not UTF-8 too (docs/json.md)
    // fsync of the index before its rename (inside write_private_file): it is the only record of
    // the backups, and a rename that reached the disk without its data would lose all of them.
    existing(store(), m_dir).write(std::string(index_name), index.dump(1) + "\n",
                                   sync_now ? platform::DirectorySync::Now : platform::DirectorySync::Later);
    m_entries = all;
    m_unindexed = false;
}

std::string BackupStore::save(std::string_view bytes, const std::string& operation)
{
    return save(bytes, sha256_hex(bytes), operation);
}

std::string BackupStore::save(std::string_view bytes, const std::string& sha256, const std::string& operation)
{
    std::vector<BackupInfo> all = entries();
    const Stamp stamp = now_stamp();
    std::string id = stamp.id_part + "-" + sha256.substr(0, 8);
    if (!all.empty() && id <= all.back().id)
        id = all.back().id + "+";  // ids stay strictly increasing even if the clock steps back
    BackupInfo backup{id, stamp.iso, bytes.size(), sha256, operation, all.empty(), std::string(content_prefix) + sha256};

    // Content first, index last: an index never names content that is not complete on disk.
    // A content file exists only after its synced temp file was renamed, so one that is there
    // with the right size holds these bytes (load() still verifies the hash before any use).
    const platform::SecureDir& dir = existing(store(), m_dir);
    const bool new_content = dir.file_size(backup.file) != std::optional<std::uint64_t>(bytes.size());
    if (new_content) {
        // fsync of the content before its rename, as above; its directory entry is made durable
        // by the one directory sync below.
        dir.write(backup.file, bytes, platform::DirectorySync::Later);
        FSHOSTS_FAULT_POINT("backup_content_written");
    }
    all.push_back(std::move(backup));
    retain(all, default_keep);
    write_index(all, false);
    FSHOSTS_FAULT_POINT("backup_index_written");
    // One directory fsync for both renames, before the caller replaces the hosts file: a power
    // cut must not keep the new hosts file and lose the backup of the old one. Lost between the
    // two renames, the index may name content that is not there: list() skips it, and the hosts
    // file has not been touched yet. When the content was stored already (every apply/revert
    // cycle after the first) the only rename is the index's, and losing it loses only this
    // backup's record: the old index comes back whole (it was synced before its own rename) and
    // still names the content, which is on disk. So that directory fsync is dropped then.
    if (new_content)
        dir.sync();
    return id;
}

std::vector<BackupInfo> BackupStore::list() const { return entries(); }

BackupInfo BackupStore::find(const std::string& id) const
{
    std::vector<StoredBackup> backups;
    for (const BackupInfo& b : entries())
        backups.push_back({b, m_dir});
    return find_backup(backups, id).info;
}

std::vector<StoredBackup> list_backups(const std::vector<fs::path>& backup_dirs, const fs::path& hosts_path)
{
    std::vector<StoredBackup> all;
    for (const fs::path& dir : backup_dirs) {
        std::vector<BackupInfo> some;
        try {
            some = BackupStore(dir, hosts_path).list();
        } catch (const Error&) {
            if (dir == backup_dirs.front())
                throw;
        }
        for (BackupInfo& b : some)
            all.push_back({std::move(b), dir});
    }
    // Ids begin with the time they were taken: oldest first across the stores too.
    std::stable_sort(all.begin(), all.end(), [](const StoredBackup& a, const StoredBackup& b) { return a.info.id < b.info.id; });
    return all;
}

const StoredBackup& find_backup(const std::vector<StoredBackup>& backups, const std::string& id)
{
    std::vector<const StoredBackup*> matches;
    for (const StoredBackup& b : backups) {
        if (b.info.id == id)
            return b;
        if (!id.empty() && b.info.id.compare(0, id.size(), id) == 0)
            matches.push_back(&b);
    }
    if (matches.size() == 1)
        return *matches.front();
    if (matches.empty())
        throw Error(ErrorKind::BadInput, trf("There is no backup with the id {0}. `fshosts backups` lists them.", id));
    throw Error(ErrorKind::BadInput, trf("{0} matches more than one backup. Give more of the id.", id));
}

std::string BackupStore::load(const BackupInfo& backup) const
{
    if (!is_plain_name(backup.file))
        throw Error(ErrorKind::BadInput, trf("There is no backup with the id {0}. `fshosts backups` lists them.", backup.id));
    // Read through the same checks as the index: a backup that is a link, is not a regular file,
    // or could have been written by another user is refused, never restored.
    const std::optional<std::string> content = existing(store(), m_dir).read(backup.file);
    if (!content)
        throw Error(ErrorKind::Io, trf("The backup {0} is missing from {1}; it was not used.", backup.id, m_dir.string()));
    std::string bytes = *content;
    if (bytes.size() != backup.size || sha256_hex(bytes) != backup.sha256)
        throw Error(ErrorKind::Io, trf("The backup {0} is damaged (its content does not match its hash); it was not used.", backup.id));
    return bytes;
}

void BackupStore::prune(std::size_t keep)
{
    std::vector<BackupInfo> all = entries();
    const std::size_t before = all.size();
    retain(all, keep);
    // Old-layout backups not yet in the index are written into it before their .json goes.
    if (all.size() != before || m_unindexed)
        write_index(all, true);
    std::set<std::string> referenced{std::string(index_name)};
    for (const BackupInfo& b : all)
        referenced.insert(b.file);
    // Removals are not synced: one lost at a power cut leaves a file the next prune removes.
    // Only names in the checked directory are removed (unlinkat): a link is removed itself,
    // never what it points to, and nothing outside the store is touched.
    const platform::SecureDir* dir = store();
    if (!dir)
        return;
    for (const std::string& name : dir->list()) {
        const std::string ext = fs::path(name).extension().string();
        const bool leftover = name.find(".fshosts-tmp-") != std::string::npos && dir->is_file(name);  // an interrupted save
        const bool unreferenced =
            !referenced.count(name) && (is_content_name(name) || ext == legacy_content_ext || ext == legacy_meta_ext);
        if (leftover || unreferenced) {
            try {
                dir->remove(name);
            } catch (const Error&) {
                // Left for the next prune.
            }
        }
    }
}

}  // namespace fshosts
