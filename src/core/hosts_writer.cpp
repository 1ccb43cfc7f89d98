#include "core/hosts_writer.h"

#include "base/error.h"
#include "base/i18n.h"
#include "core/helper_protocol.h"
#include "core/hosts_io.h"
#include "core/sha256.h"
#include "platform/atomic_replace.h"
#include "platform/fault_injection.h"
#include "platform/hosts_path.h"
#include "platform/state_dirs.h"

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;
using nlohmann::json;

namespace fshosts {
namespace {

std::string describe(const ChangeInfo& info)
{
    std::string text = info.operation;
    for (std::size_t i = 0; i < info.names.size(); ++i)
        text += (i == 0 ? " " : ",") + info.names[i];
    if (!info.address.empty())
        text += " " + info.address;
    return text;
}

[[noreturn]] void throw_changed_on_disk(const fs::path& hosts)
{
    throw Error(ErrorKind::ChangedOnDisk, trf("{0} was changed by another program after fshosts read it. Nothing was written; "
                                              "run the command again to see the current state.",
                                              hosts.string()));
}

}  // namespace

Target Target::system()
{
    const fs::path state = platform::system_state_dir();
    return Target{platform::system_hosts_path(), state, state / "audit.log"};
}

Target Target::for_file(const fs::path& hosts)
{
    // One file, one lock, however it is spelled: resolve the directory's symlinks and "..".
    // The file name itself is kept (a symlinked hosts file is refused when writing).
    const fs::path absolute = fs::absolute(hosts);
    std::error_code ec;
    fs::path dir = fs::weakly_canonical(absolute.parent_path(), ec);
    const fs::path resolved = (ec ? absolute.parent_path().lexically_normal() : dir) / absolute.filename();
    const fs::path system_hosts = platform::system_hosts_path();
    fs::path system_dir = fs::weakly_canonical(system_hosts.parent_path(), ec);
    if (!ec && resolved == system_dir / system_hosts.filename())
        return system();
    const fs::path user = platform::user_state_dir();
    const std::string key = sha256_hex(resolved.string()).substr(0, 16);
    return Target{resolved, user / "files" / key, user / "audit.log"};
}

HostsWriter::HostsWriter(Target target)
    : m_target(std::move(target)),
      m_lock(m_target.lock_file(), m_target.hosts),
      m_backups(m_target.backup_dir(), m_target.hosts),
      m_audit(m_target.audit_log, m_target.hosts)
{
    recover();
}

std::string HostsWriter::read() const { return read_hosts_file(m_target.hosts); }

Snapshot HostsWriter::snapshot() const
{
    StampedBytes read = read_hosts_file_stamped(m_target.hosts);
    Snapshot s{std::move(read.bytes), {}, read.stamp, {}};
    s.prefixes = Sha256Prefixes(s.bytes);
    s.sha256 = s.prefixes.hex();
    return s;
}

void HostsWriter::recover()
{
    std::error_code ec;
    const fs::path journal_path = m_target.journal_file();
    if (fs::exists(journal_path, ec)) {
        const json journal = json::parse(read_hosts_file(journal_path));
        const std::string backup_id = journal.at("backup_id").get<std::string>();
        const std::string before = journal.at("hash_before").get<std::string>();
        const std::string after = journal.at("hash_after").get<std::string>();
        const std::string current = sha256_hex(read());
        if (current == after) {
            m_notes.push_back(trf("An earlier change to {0} was interrupted after it had been written completely; "
                                  "nothing needed to be restored.",
                                  m_target.hosts.string()));
        } else if (current == before) {
            m_notes.push_back(trf("An earlier change to {0} was interrupted before it started writing; "
                                  "the file was not changed.",
                                  m_target.hosts.string()));
        } else {
            // Torn by the interruption, or written to by someone since: either way keep a copy
            // of what is there before putting the backup back.
            const platform::ContentLock content_lock = content_lock_for_write();
            const std::string found = read();
            const std::string found_id = m_backups.save(found, "recover: content found after an interrupted write");
            const BackupInfo backup = m_backups.find(backup_id);
            const std::string bytes = m_backups.load(backup);
            if (platform::replace_file_atomically(m_target.hosts, bytes) == platform::ReplaceOutcome::Busy)
                platform::overwrite_in_place(m_target.hosts, bytes);
            m_audit.record({"recover", {}, {}, sha256_hex(found), before, backup_id, "ok"});
            m_notes.push_back(trf("An earlier change to {0} was interrupted while it was being written. "
                                  "The file was restored from backup {1}; what it held before that was saved as backup {2}.",
                                  m_target.hosts.string(), backup_id, found_id));
        }
        fs::remove(journal_path);
    }
    // Our own journal's temp file, from a run killed while writing the journal.
    platform::remove_stale_temp_files(journal_path);
    // Every writer creates and renames its temp file while holding the content lock, so with the
    // lock held a temp file beside the hosts file belongs to nobody alive. When someone else held
    // it all along, that someone may be writing one now: leave them for a later run.
    const platform::ContentLock content_lock = content_lock_for_write();
    if (content_lock.timed_out())
        return;
    for (const std::string& name : platform::remove_stale_temp_files(m_target.hosts))
        m_notes.push_back(trf("Removed {0}, a temporary file left by an interrupted change. The hosts file itself was not affected.",
                              name));
}

// The courtesy lock on the hosts file itself (platform/file_lock.h). Our own writers serialise on
// m_lock, in our state directory; this one only makes fshosts processes with different state
// directories (two users' --hosts-file runs on one file) take turns. Anyone who can read the file
// can hold it (the system hosts file is world-readable), so a holder must not stop or stall the
// root helper: after waiting content_lock_wait_limit() once we go on without it, and later
// attempts in this writer do not wait again. That is safe because nothing depends on it: the
// file is compared with the planned bytes under m_lock at the last moment before the rename
// (verify_before_replace), which catches a writer that ignored us, exactly as it catches an
// editor that never locks.
platform::ContentLock HostsWriter::content_lock_for_write()
{
    platform::ContentLock lock(m_target.hosts, m_content_wait);
    if (lock.timed_out())
        m_content_wait = std::chrono::milliseconds{0};
    return lock;
}

// Whether the file still holds the snapshot's bytes: proven by its stamp when that can tell,
// else by reading the file again and comparing it with them (a few KiB at a time: no second
// buffer the size of the file, and no second hash).
bool HostsWriter::unchanged(const Snapshot& base) const
{
    if (platform::unchanged_since(base.stamp, platform::stamp_of(m_target.hosts)))
        return true;
    return file_holds(m_target.hosts, base.bytes);
}

void HostsWriter::verify_unchanged(const Snapshot& base) const
{
    if (!unchanged(base))
        throw_changed_on_disk(m_target.hosts);
}

void HostsWriter::write_bytes(std::span<const std::string_view> pieces, const Snapshot& base, CommitResult& result)
{
    // Programs other than fshosts do not take our lock: check again at the last moment.
    platform::ReplaceOptions options;
    options.verify_before_replace = [&] { verify_unchanged(base); };
    if (platform::replace_file_atomically(m_target.hosts, pieces, options) == platform::ReplaceOutcome::Replaced)
        return;
    // The in-place path (a bind-mounted file, rare) writes from one buffer.
    std::string bytes;
    for (std::string_view piece : pieces)
        bytes.append(piece);
    // The file cannot be replaced (a bind mount): rewrite it in place. First record what we are
    // about to do, so a run interrupted mid-write is detected and undone by the next one.
    verify_unchanged(base);
    json journal{{"backup_id", result.backup_id}, {"hash_before", result.hash_before}, {"hash_after", result.hash_after}};
    put_text(journal, "hosts_file", m_target.hosts.string(), 65536);  // any bytes, losslessly (docs/json.md)
    // The journal is synced with its directory (DirectorySync::Now): a torn in-place write after
    // a power cut is only found and undone if the journal survived it.
    platform::write_private_file(m_target.journal_file(), journal.dump(2) + "\n");
    FSHOSTS_FAULT_POINT("journal_written");
    platform::overwrite_in_place(m_target.hosts, bytes);
    FSHOSTS_FAULT_POINT("in_place_written");
    // Not synced: a removal lost at a power cut brings back a journal whose hash_after matches
    // the file, which the next run reports and removes.
    fs::remove(m_target.journal_file());
    result.in_place = true;
}

CommitResult HostsWriter::commit(const Snapshot& base, std::span<const std::string_view> new_content, const ChangeInfo& info)
{
    return commit_checked(base, base.sha256, new_content, info);
}

CommitResult HostsWriter::commit(const Snapshot& base, std::string_view new_bytes, const ChangeInfo& info)
{
    const std::string_view one[] = {new_bytes};
    return commit_checked(base, base.sha256, one, info);
}

CommitResult HostsWriter::commit(const std::string& planned_hash, std::string_view new_bytes, const ChangeInfo& info)
{
    const std::string_view one[] = {new_bytes};
    return commit_checked(snapshot(), planned_hash, one, info);
}

// Each version of the content is hashed once: `base` carries the hash of the bytes on disk, and
// the new bytes are hashed here for the audit log, the journal and the response, from the hash
// state `base` kept at the last stride before the first changed byte.
CommitResult HostsWriter::commit_checked(const Snapshot& base, const std::string& planned_hash,
                                         std::span<const std::string_view> new_content, const ChangeInfo& info)
{
    CommitResult result;
    AuditRecord record{info.operation, info.names, info.address, {}, base.prefixes.hex_of(base.bytes, new_content), {}, "ok"};
    try {
        const platform::ContentLock content_lock = content_lock_for_write();
        if (base.sha256 != planned_hash || !unchanged(base))
            throw_changed_on_disk(m_target.hosts);
        result.hash_before = record.hash_before = base.sha256;
        result.hash_after = record.hash_after;
        platform::check_replaceable(m_target.hosts);
        result.backup_id = record.backup_id = m_backups.save(base.bytes, base.sha256, describe(info));
        FSHOSTS_FAULT_POINT("backup_saved");
        write_bytes(new_content, base, result);
    } catch (const std::exception& e) {
        record.result = std::string("error: ") + e.what();
        m_audit.record(record);
        throw;
    }
    m_audit.record(record);
    m_backups.prune();
    return result;
}

CommitResult HostsWriter::restore(const std::string& id)
{
    const BackupInfo backup = m_backups.find(id);
    const std::string bytes = m_backups.load(backup);
    return commit(snapshot(), bytes, ChangeInfo{"restore " + backup.id, {}, {}});
}

}  // namespace fshosts
