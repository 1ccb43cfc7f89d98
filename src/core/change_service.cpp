#include "core/change_service.h"

#include "base/error.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "core/helper_protocol.h"
#include "core/hosts_io.h"
#include "core/hosts_writer.h"
#include "core/sha256.h"
#include "platform/elevation.h"
#include "platform/hosts_path.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string_view>

namespace fs = std::filesystem;
using nlohmann::json;

namespace fshosts {

ChangeService::ChangeService(std::optional<fs::path> hosts_file, fs::path helper, std::string language,
                             RecheckPolicy recheck)
    : m_hosts_file(std::move(hosts_file)),
      m_helper(std::move(helper)),
      m_language(std::move(language)),
      m_recheck(std::move(recheck))
{
}

fs::path ChangeService::hosts() const { return m_hosts_file ? Target::for_file(*m_hosts_file).hosts : platform::system_hosts_path(); }

std::optional<Target> ChangeService::own_target() const
{
    if (m_hosts_file)
        return Target::for_file(*m_hosts_file);
    if (platform::can_write_without_elevation(platform::system_hosts_path()))
        return Target::system_without_helper();
    return std::nullopt;
}

template <typename PlanFn>
ChangeResult ChangeService::change_locally(const Target& target, const char* operation, PlanFn make_plan)
{
    make_plan(std::string_view());  // input errors surface here, before any file is touched
    HostsWriter writer(target);
    for (int attempt = 0;; ++attempt) {
        std::optional<Plan> planned;  // planned while the bytes are hashed
        const Snapshot current = writer.snapshot_while([&](std::string_view bytes) { planned = make_plan(bytes); });
        const Plan& plan = *planned;
        CommitResult commit;
        try {
            if (plan.changed())
                commit = writer.commit(current, plan.after(current.bytes), ChangeInfo{operation, plan.names, plan.address});
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::ChangedOnDisk && attempt == 0)
                continue;
            throw;
        }
        if (!plan.changed())
            commit.hash_after = current.sha256;
        return change_result(operation, plan, commit, writer.recovery_notes());
    }
}

ChangeResult ChangeService::run_helper(const std::string& operation, const std::string& request_json) const
{
    json request = json::parse(request_json);
    request["operation"] = operation;
    request["language"] = m_language;
    const platform::ElevatedRun run = platform::run_elevated(m_helper, operation, request.dump());
    using RunStatus = platform::ElevatedRun::Status;
    switch (run.status) {
    case RunStatus::Cancelled:
        throw Error(ErrorKind::Permission, _("Cancelled: the hosts file was not changed."));
    case RunStatus::NotAuthorized:
        throw Error(ErrorKind::Permission,
                    _("Not authorised to change the system hosts file (or no authentication agent is running). "
                      "Nothing was changed."));
    case RunStatus::Unavailable:
        throw Error(ErrorKind::Permission,
                    trf("Changing the system hosts file needs administrator rights, and they cannot be requested here ({0}).",
                        displayable(run.diagnostics)));
    case RunStatus::Ran:
        break;
    }
    json body = json::parse(run.output, nullptr, false);
    if (body.is_discarded() || !body.is_object())
        throw Error(ErrorKind::Io, trf("fshosts-helper failed (exit code {0}): {1}", run.exit_code, displayable(run.diagnostics)));
    if (body.value("ok", false)) {
        try {
            return change_result_from_json(body);
        } catch (const json::exception&) {
            throw Error(ErrorKind::Io, trf("fshosts-helper failed (exit code {0}): {1}", run.exit_code, displayable(run.output)));
        }
    }
    // The error's texts; "" when the helper left one out.
    const auto error_text = [&body](const char* key) {
        const json::json_pointer pointer(std::string("/error/") + key);
        return body.contains(pointer) && body.at(pointer).is_string() ? body.at(pointer).get<std::string>() : std::string();
    };
    const std::string kind = error_text("kind");
    const std::string message = error_text("message");
    if (kind == "changed_on_disk")
        throw Error(ErrorKind::ChangedOnDisk, message);
    if (kind == "bad_input")
        throw Error(ErrorKind::BadInput, message);
    if (kind == "conflict")
        throw Error(ErrorKind::Conflict, message);
    if (kind == "permission")
        throw Error(ErrorKind::Permission, message);
    if (kind == "busy")
        throw Error(ErrorKind::Busy, message);
    if (kind == "refused")
        throw Error(ErrorKind::Io, trf("fshosts-helper refused the request (exit code {0}): {1}", run.exit_code, message));
    throw Error(ErrorKind::Io, message.empty() ? trf("fshosts-helper failed (exit code {0}).", run.exit_code) : message);
}

template <typename PlanFn>
ChangeResult ChangeService::change_through_helper(const char* operation, bool disable_conflicts, PlanFn make_plan)
{
    const fs::path path = hosts();
    for (int attempt = 0;; ++attempt) {
        const platform::ByteBuffer bytes = read_hosts_file_stamped(path).bytes;  // huge pages: see byte_buffer.h
        const std::string_view current = bytes.view();
        const Plan plan = make_plan(current);
        if (!plan.changed()) {
            CommitResult unchanged;
            unchanged.hash_after = sha256_hex(current);
            return change_result(operation, plan, unchanged, {});
        }
        json request{{"expected_hash", sha256_hex(current)}};
        if (std::string(operation) == "apply")
        {
            request.update({{"names", plan.names}, {"address", plan.address}, {"disable_conflicts", disable_conflicts}});
            if (!plan.until.empty())
                request["until"] = plan.until;
        }
        else if (!plan.names.empty())
            request["names"] = plan.names;
        try {
            return run_helper(operation, request.dump());
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::ChangedOnDisk && attempt == 0)
                continue;
            throw;
        }
    }
}

ChangeResult ChangeService::apply(const ApplyRequest& request)
{
    auto make_plan = [&](std::string_view current) { return plan_apply(current, request, platform::native_eol()); };
    const std::optional<Target> target = own_target();
    ChangeResult result = target ? change_locally(*target, "apply", make_plan)
                                 : change_through_helper("apply", request.disable_conflicts, make_plan);
    // Read unelevated, after the helper has gone: reading the hosts file needs no rights.
    if (result.changed && !result.names.empty() && m_recheck.delay.count() > 0)
        result.after_write = recheck_after_write(hosts(), result.names, result.address, result.backup_id, m_recheck);
    return result;
}

ChangeResult ChangeService::revert(const std::vector<std::string>& domains)
{
    auto make_plan = [&](std::string_view current) { return plan_revert(current, domains); };
    if (const std::optional<Target> target = own_target())
        return change_locally(*target, "revert", make_plan);
    return change_through_helper("revert", false, make_plan);
}

namespace {

// The backups of the system hosts file in every store of Target::system_stores() but the one in
// `except_dir`; a store that cannot be read adds none (Linux: the helper's is root's alone).
std::vector<StoredBackup> readable_system_backups(const fs::path& except_dir)
{
    std::vector<StoredBackup> all;
    for (const fs::path& dir : backup_dirs(Target::system(), true)) {
        if (dir == except_dir)
            continue;
        try {
            const std::vector<StoredBackup> some = list_backups({dir}, platform::system_hosts_path());
            all.insert(all.end(), some.begin(), some.end());
        } catch (const Error&) {
            continue;  // unreadable: the helper, or the writer of that store, will say why if it matters
        }
    }
    return all;
}

// The helper restores only from its own store, the system state directory. A backup that is
// only in the user's store (taken when this PC let the user change the file without the helper)
// cannot go through it: say so, instead of the helper's "there is no backup with the id".
void refuse_users_backup_through_helper(const std::string& backup_id)
{
    const std::vector<StoredBackup> backups = readable_system_backups({});
    const StoredBackup* found = nullptr;
    try {
        found = &find_backup(backups, backup_id);
    } catch (const Error&) {
        return;  // not here, or ambiguous: the helper answers
    }
    if (found->backup_dir == Target::system().backup_dir())
        return;
    throw Error(ErrorKind::Permission,
                trf("Backup {0} was saved when you could change the hosts file without administrator rights, so it is "
                    "kept in {1}, where fshosts-helper does not look. Nothing was changed. Restore it when this PC "
                    "lets you change the hosts file directly again, or copy the lines you need from that backup.",
                    found->info.id, found->backup_dir.string()));
}

}  // namespace

ChangeResult ChangeService::restore(const std::string& backup_id)
{
    const std::optional<Target> target = own_target();
    if (!target) {
        if (!m_hosts_file)
            refuse_users_backup_through_helper(backup_id);
        json request{{"backup_id", backup_id}, {"expected_hash", sha256_hex(read_hosts_file_stamped(hosts()).bytes.view())}};
        return run_helper("restore", request.dump());
    }
    HostsWriter writer(*target);
    // The system hosts file's backups may be in either store; the one found is restored here.
    std::vector<StoredBackup> backups = m_hosts_file ? std::vector<StoredBackup>() : readable_system_backups(target->backup_dir());
    for (const BackupInfo& b : writer.backups().list())
        backups.push_back({b, target->backup_dir()});
    const StoredBackup& found = find_backup(backups, backup_id);
    const std::string id = found.info.id;  // before restoring adds a backup
    const CommitResult commit = found.backup_dir == target->backup_dir()
                                    ? writer.restore(id)
                                    : writer.restore(BackupStore(found.backup_dir, target->hosts), id);
    Plan plan;
    plan.differs = true;
    ChangeResult result = change_result("restore", plan, commit, writer.recovery_notes());
    result.restored = id;
    return result;
}

}  // namespace fshosts
