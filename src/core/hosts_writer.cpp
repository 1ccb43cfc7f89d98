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
#include "platform/user_identity.h"

#include <fmt/chrono.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <exception>
#include <system_error>
#include <thread>

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

constexpr const char* journal_name = "journal.json";
constexpr std::string_view damaged_journal_prefix = "journal.damaged-";

// The state directory, opened through state_root: state_root's parents are checked as parents,
// state_root and every directory below it down to state_dir as private state.
platform::SecureDir open_state(const Target& target)
{
    const fs::path root = target.state_root.empty() ? target.state_dir : target.state_root;
    platform::SecureDir dir = std::move(*platform::SecureDir::open(root, true));
    for (const fs::path& part : target.state_dir.lexically_relative(root))
        if (part != "." && !part.empty())
            dir = std::move(*dir.subdir(part.string(), true));
    return dir;
}

// 20261126T102233.123456Z: sorts by time, and is a plain file name.
std::string compact_utc_time()
{
    const auto now = std::chrono::system_clock::now();
    const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1000000;
    return fmt::format("{:%Y%m%dT%H%M%S}.{:06d}Z", fmt::gmtime(std::chrono::system_clock::to_time_t(now)), micros);
}

bool is_sha256_hex(const std::string& s)
{
    return s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// What an in-place write recorded before it started.
struct Journal {
    std::string backup_id;
    std::string hash_before;
    std::string hash_after;
};

// The journal in `text`, or nullopt with `why` (a translated sentence) when it is not one that
// fshosts wrote for this hosts file.
std::optional<Journal> parse_journal(const std::string& text, const fs::path& hosts, std::string& why)
{
    const json j = json::parse(text, nullptr, false);
    const auto string_field = [&](const char* key) {
        return j.is_object() && j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : std::string();
    };
    Journal journal{string_field("backup_id"), string_field("hash_before"), string_field("hash_after")};
    if (journal.backup_id.empty() || !is_sha256_hex(journal.hash_before) || !is_sha256_hex(journal.hash_after)) {
        why = _("It is not a journal as fshosts writes it.");
        return std::nullopt;
    }
    std::string named;
    try {
        named = j.is_object() ? text_from_json(j, "hosts_file") : std::string();
    } catch (const std::exception&) {
        named.clear();  // a malformed field: not ours
    }
    if (named != hosts.string()) {
        why = _("It belongs to another hosts file.");
        return std::nullopt;
    }
    return journal;
}

}  // namespace

void HostsWriter::throw_changed_on_disk() const
{
    if (!m_recovery_wrote)
        throw Error(ErrorKind::ChangedOnDisk, trf("{0} was changed by another program after fshosts read it. Nothing was written; "
                                                  "run the command again to see the current state.",
                                                  m_target.hosts.string()));
    std::string notes;
    for (const std::string& note : m_notes)
        notes += (notes.empty() ? "" : " ") + note;
    throw Error(ErrorKind::ChangedOnDisk,
                trf("{0} changed after fshosts read it: before making your change, fshosts finished an interrupted earlier "
                    "change and wrote the file ({1}) Your change was not made; run the command again to see the current state.",
                    m_target.hosts.string(), notes));
}

Target Target::system()
{
    const fs::path state = platform::system_state_dir();
    return Target{platform::system_hosts_path(), state, state / "audit.log", state};
}

namespace {

// A hosts file whose backups, journal and audit log live in the user's state directory, one
// folder per file.
Target in_user_state(const fs::path& resolved)
{
    const fs::path user = platform::user_state_dir();
    const std::string key = sha256_hex(resolved.string()).substr(0, 16);
    return Target{resolved, user / "files" / key, user / "audit.log", user};
}

}  // namespace

Target Target::system_without_helper()
{
    if (platform::is_administrator())
        return system();
    return in_user_state(platform::system_hosts_path());
}

std::vector<Target> Target::system_stores() { return {system(), in_user_state(platform::system_hosts_path())}; }

std::vector<fs::path> backup_dirs(const Target& target, bool system_file)
{
    std::vector<fs::path> dirs{target.backup_dir()};
    if (system_file)
        for (const Target& store : Target::system_stores())
            if (store.backup_dir() != target.backup_dir())
                dirs.push_back(store.backup_dir());
    return dirs;
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
    return in_user_state(resolved);
}

HostsWriter::HostsWriter(Target target)
    : m_target(std::move(target)),
      m_state(open_state(m_target)),
      // Relative to the checked state directory, like every other file in it.
      m_lock(m_state, m_target.lock_file().filename().string(), m_target.hosts),
      m_backups(std::move(*m_state.subdir("backups", true)), m_target.hosts),
      m_audit(m_target.audit_log, m_target.hosts)
{
    recover();
}

std::string HostsWriter::read() const { return read_hosts_file(m_target.hosts); }

Snapshot HostsWriter::snapshot() const
{
    return snapshot_while([](std::string_view) {});
}

Snapshot HostsWriter::snapshot_while(const std::function<void(std::string_view bytes)>& work) const
{
    StampedBytes read = read_hosts_file_stamped(m_target.hosts);
    Snapshot s{std::move(read.bytes), {}, read.stamp, {}};
    const std::string_view bytes = s.bytes.view();
    Sha256Prefixes prefixes;
    std::exception_ptr hash_failure;
    const auto hash = [&]() noexcept {
        try {
            prefixes = Sha256Prefixes(bytes);
        } catch (...) {
            hash_failure = std::current_exception();
        }
    };
    std::thread hasher;
    std::exception_ptr work_failure;
    try {
        hasher = std::thread(hash);
    } catch (const std::system_error&) {  // no thread to be had (limits): hash here, then work
        hash();
    }
    try {
        work(bytes);
    } catch (...) {
        work_failure = std::current_exception();
    }
    if (hasher.joinable())
        hasher.join();
    if (work_failure)
        std::rethrow_exception(work_failure);
    if (hash_failure)
        std::rethrow_exception(hash_failure);
    s.prefixes = std::move(prefixes);
    s.sha256 = s.prefixes.hex();
    return s;
}

void HostsWriter::set_aside_journal(const std::string& why)
{
    const std::string name = std::string(damaged_journal_prefix) + compact_utc_time();
    m_state.rename(journal_name, name);  // a link is renamed itself, never followed
    m_notes.push_back(trf("The journal of an interrupted earlier change to {0} could not be used. {1} It was set aside as {2} "
                          "and not replayed; recovery did not change the hosts file.",
                          m_target.hosts.string(), why, (m_state.path() / name).string()));
    // Keep the newest few for whoever wants to look; older ones go, so they never pile up.
    std::vector<std::string> damaged;
    for (const std::string& entry : m_state.list())
        if (entry.rfind(damaged_journal_prefix, 0) == 0)
            damaged.push_back(entry);
    std::sort(damaged.begin(), damaged.end());
    for (std::size_t i = 0; i + max_damaged_journals < damaged.size(); ++i) {
        try {
            m_state.remove(damaged[i]);
        } catch (const Error&) {
            // A directory under that name: left alone.
        }
    }
}

void HostsWriter::recover()
{
    // Only a journal that passes the checks of the state directory is trusted: a link, another
    // user's file or one others could write is set aside, never replayed.
    std::optional<std::string> text;
    try {
        text = m_state.read(journal_name);
    } catch (const Error& e) {
        set_aside_journal(e.what());
    }
    if (text) {
        std::string why;
        const std::optional<Journal> journal = parse_journal(*text, m_target.hosts, why);
        std::string bytes;
        if (journal) {
            try {
                // The backup the journal names, exactly (not a prefix), trusted like the journal,
                // and holding the content the journal says the file had before the write.
                const BackupInfo backup = m_backups.find(journal->backup_id);
                if (backup.id != journal->backup_id || backup.sha256 != journal->hash_before)
                    why = trf("It names backup {0}, which does not hold the content it records.", journal->backup_id);
                else
                    bytes = m_backups.load(backup);
            } catch (const Error&) {
                why = trf("It names backup {0}, which is missing or damaged.", journal->backup_id);
            }
        }
        if (!why.empty()) {
            set_aside_journal(why);
        } else {
            const std::string current = sha256_hex(read());
            if (current == journal->hash_after) {
                m_notes.push_back(trf("An earlier change to {0} was interrupted after it had been written completely; "
                                      "nothing needed to be restored.",
                                      m_target.hosts.string()));
            } else if (current == journal->hash_before) {
                m_notes.push_back(trf("An earlier change to {0} was interrupted before it started writing; "
                                      "the file was not changed.",
                                      m_target.hosts.string()));
            } else {
                // Torn by the interruption, or written to by someone since: either way keep a copy
                // of what is there before putting the backup back.
                const platform::ContentLock content_lock = content_lock_for_write();
                const std::string found = read();
                const std::string found_id = m_backups.save(found, "recover: content found after an interrupted write");
                m_recovery_wrote = true;  // from here on the file may have been written
                if (platform::replace_file_atomically(m_target.hosts, bytes) == platform::ReplaceOutcome::Busy)
                    platform::overwrite_in_place(m_target.hosts, bytes);
                m_audit.record({"recover", {}, {}, sha256_hex(found), journal->hash_before, journal->backup_id, "ok"});
                m_notes.push_back(trf("An earlier change to {0} was interrupted while it was being written. "
                                      "The file was restored from backup {1}; what it held before that was saved as backup {2}.",
                                      m_target.hosts.string(), journal->backup_id, found_id));
            }
            m_state.remove(journal_name);
        }
    }
    // Our own journal's temp file, from a run killed while writing the journal (relative to the
    // checked state directory's descriptor; only regular files are removed, never through a link).
    m_state.remove_stale_temp_files(journal_name);
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
        throw_changed_on_disk();
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
    m_state.write(journal_name, journal.dump(2) + "\n");
    FSHOSTS_FAULT_POINT("journal_written");
    platform::overwrite_in_place(m_target.hosts, bytes);
    FSHOSTS_FAULT_POINT("in_place_written");
    // Not synced: a removal lost at a power cut brings back a journal whose hash_after matches
    // the file, which the next run reports and removes.
    m_state.remove(journal_name);
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
            throw_changed_on_disk();
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

CommitResult HostsWriter::restore(const std::string& id) { return restore(m_backups, id); }

CommitResult HostsWriter::restore(const BackupStore& from, const std::string& id)
{
    const BackupInfo backup = from.find(id);
    const std::string bytes = from.load(backup);
    return commit(snapshot(), bytes, ChangeInfo{"restore " + backup.id, {}, {}});
}

}  // namespace fshosts
