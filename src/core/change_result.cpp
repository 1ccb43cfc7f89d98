#include "core/change_result.h"

namespace fshosts {

ChangeResult change_result(std::string_view operation, const Plan& plan, const CommitResult& commit,
                           const std::vector<std::string>& recovery)
{
    ChangeResult r;
    r.operation = std::string(operation);
    r.changed = plan.changed();
    r.names = plan.names;
    r.address = plan.address;
    r.backup_id = commit.backup_id;
    r.hash_after = commit.hash_after;
    r.written_in_place = commit.in_place;
    r.recovery = recovery;
    r.added = plan.change.added;
    r.updated = plan.change.updated;
    r.unchanged = plan.change.unchanged;
    r.removed = plan.change.removed;
    for (const Conflict& c : plan.change.disabled)
        r.disabled_lines.push_back(
            DisabledLineNote{c.line_number, c.name, c.address, c.line_text});
    r.restored_lines = plan.change.restored;
    return r;
}

}  // namespace fshosts
