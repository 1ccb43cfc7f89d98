#include "core/write_recheck.h"

#include "base/error.h"
#include "base/i18n.h"
#include "core/hosts_io.h"
#include "platform/write_recheck.h"
#include "text/managed_block.h"

#include <algorithm>
#include <thread>

namespace fshosts {

std::chrono::milliseconds RecheckPolicy::default_delay() noexcept { return platform::hosts_recheck_delay(); }

void RecheckPolicy::sleep_for(std::chrono::milliseconds delay) { std::this_thread::sleep_for(delay); }

namespace {

std::string join(const std::vector<std::string>& names)
{
    std::string out;
    for (const std::string& n : names)
        out += (out.empty() ? "" : ", ") + n;
    return out;
}

// The likely cause and what to do, after what happened.
std::string undone_message(const std::string& what)
{
    return what + " " +
           _("This is usually Microsoft Defender or another security program protecting the hosts file. The "
             "preview is not on, and fshosts does not write the entries again. In Windows Security, open Virus & "
             "threat protection > Protection history: if it lists the change to the hosts file, allow it and start "
             "the preview again. On a company PC, ask your IT department.");
}

}  // namespace

AfterWriteCheck check_written_entries(std::string_view bytes, const std::vector<std::string>& names,
                                      const std::string& address, const std::string& backup_id)
{
    AfterWriteCheck check;
    const BlockInfo block = inspect_block(bytes);
    for (const std::string& name : names) {
        const bool in_effect = std::any_of(block.entries.begin(), block.entries.end(), [&](const ManagedEntry& e) {
            return e.name == name && e.address == address;
        });
        if (!in_effect)
            check.missing.push_back(name);
    }
    // A damaged block (an edited marker, say) takes every entry out of fshosts' hands.
    if (block.state == BlockState::Malformed && check.missing.empty())
        check.missing = names;
    if (block.state == BlockState::Absent) {
        check.state = AfterWriteCheck::State::BlockRemoved;
        // TRANSLATORS: {0} is a list of domain names, e.g. "www.example.jp, example.jp".
        check.message = undone_message(trf("The hosts file was changed right after fshosts wrote it: the fshosts "
                                           "entries for {0} are gone.",
                                           join(names)));
    } else if (!check.missing.empty()) {
        check.state = AfterWriteCheck::State::EntriesChanged;
        // TRANSLATORS: {0} is a list of domain names, e.g. "www.example.jp, example.jp".
        check.message = undone_message(trf("The hosts file was changed right after fshosts wrote it: the fshosts "
                                           "entries for {0} were commented out or changed.",
                                           join(check.missing)));
        if (block.state == BlockState::Malformed && !backup_id.empty())
            check.message += " " + trf("fshosts neither starts nor reverts a preview while lines inside its block are "
                                       "changed: first put the file back as it was before this change by restoring "
                                       "backup {0} (File > Backups in the window, or fshosts restore {0}).",
                                       backup_id);
    }
    return check;
}

AfterWriteCheck recheck_after_write(const std::filesystem::path& hosts, const std::vector<std::string>& names,
                                    const std::string& address, const std::string& backup_id,
                                    const RecheckPolicy& policy)
{
    policy.wait(policy.delay);
    AfterWriteCheck check;
    try {
        check = check_written_entries(read_hosts_file(hosts), names, address, backup_id);
    } catch (const Error& e) {
        check.state = AfterWriteCheck::State::Unreadable;
        check.message = trf("fshosts could not read the hosts file again to check that its entries stayed in "
                            "place: {0}",
                            e.what());
    }
    check.delay = policy.delay;
    return check;
}

}  // namespace fshosts
