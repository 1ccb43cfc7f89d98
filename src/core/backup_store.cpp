#include "core/backup_store.h"

#include "base/error.h"
#include "base/i18n.h"
#include "core/hosts_io.h"
#include "core/sha256.h"
#include "platform/atomic_replace.h"

#include <fmt/chrono.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <set>

namespace fs = std::filesystem;
using nlohmann::json;

namespace fshosts {
namespace {

constexpr std::string_view content_ext = ".hosts";
constexpr std::string_view meta_ext = ".json";

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

std::string read_text(const fs::path& p) { return read_hosts_file(p); }

}  // namespace

BackupStore::BackupStore(fs::path dir, fs::path hosts_path) : m_dir(std::move(dir)), m_hosts_path(std::move(hosts_path)) {}

std::string BackupStore::save(std::string_view bytes, const std::string& operation)
{
    const std::vector<BackupInfo> existing = list();
    const std::string hash = sha256_hex(bytes);
    const Stamp stamp = now_stamp();
    std::string id = stamp.id_part + "-" + hash.substr(0, 8);
    if (!existing.empty() && id <= existing.back().id)
        id = existing.back().id + "+";  // ids stay strictly increasing even if the clock steps back

    // Content first, metadata last: a backup without metadata is an interrupted save.
    platform::write_private_file(m_dir / (id + std::string(content_ext)), bytes);
    json meta{{"id", id},
              {"time", stamp.iso},
              {"size", bytes.size()},
              {"sha256", hash},
              {"operation", operation},
              {"pristine", existing.empty()},
              {"hosts_file", m_hosts_path.string()}};
    platform::write_private_file(m_dir / (id + std::string(meta_ext)), meta.dump(2) + "\n");
    return id;
}

std::vector<BackupInfo> BackupStore::list() const
{
    std::vector<BackupInfo> out;
    std::error_code ec;
    if (!fs::is_directory(m_dir, ec))
        return out;
    for (const fs::directory_entry& entry : fs::directory_iterator(m_dir, ec)) {
        const fs::path& p = entry.path();
        if (p.extension() != meta_ext || !fs::is_regular_file(m_dir / (p.stem().string() + std::string(content_ext)), ec))
            continue;
        try {
            json meta = json::parse(read_text(p));
            BackupInfo b;
            b.id = meta.at("id").get<std::string>();
            b.time = meta.at("time").get<std::string>();
            b.size = meta.at("size").get<std::uint64_t>();
            b.sha256 = meta.at("sha256").get<std::string>();
            b.operation = meta.value("operation", "");
            b.pristine = meta.value("pristine", false);
            if (b.id == p.stem().string())
                out.push_back(std::move(b));
        } catch (const std::exception&) {
            // Unreadable metadata: an interrupted save. prune() removes it.
        }
    }
    std::sort(out.begin(), out.end(), [](const BackupInfo& a, const BackupInfo& b) { return a.id < b.id; });
    return out;
}

BackupInfo BackupStore::find(const std::string& id) const
{
    std::vector<BackupInfo> matches;
    for (BackupInfo& b : list()) {
        if (b.id == id)
            return b;
        if (!id.empty() && b.id.compare(0, id.size(), id) == 0)
            matches.push_back(std::move(b));
    }
    if (matches.size() == 1)
        return matches.front();
    if (matches.empty())
        throw Error(ErrorKind::BadInput, trf("There is no backup with the id {0}. `fshosts backups` lists them.", id));
    throw Error(ErrorKind::BadInput, trf("{0} matches more than one backup. Give more of the id.", id));
}

std::string BackupStore::load(const BackupInfo& backup) const
{
    std::string bytes = read_hosts_file(m_dir / (backup.id + std::string(content_ext)));
    if (bytes.size() != backup.size || sha256_hex(bytes) != backup.sha256)
        throw Error(ErrorKind::Io, trf("The backup {0} is damaged (its content does not match its hash); it was not used.", backup.id));
    return bytes;
}

void BackupStore::prune(std::size_t keep)
{
    const std::vector<BackupInfo> all = list();
    std::set<std::string> kept;
    for (std::size_t i = 0; i < all.size(); ++i)
        if (all[i].pristine || i + keep >= all.size())
            kept.insert(all[i].id);
    std::error_code ec;
    for (const fs::directory_entry& entry : fs::directory_iterator(m_dir, ec)) {
        const fs::path& p = entry.path();
        const std::string name = p.filename().string();
        const std::string ext = p.extension().string();
        if (name.find(".fshosts-tmp-") != std::string::npos && entry.is_regular_file(ec))
            fs::remove(p, ec);  // left by a save that was interrupted
        else if ((ext == content_ext || ext == meta_ext) && !kept.count(p.stem().string()))
            fs::remove(p, ec);
    }
}

}  // namespace fshosts
