#include "core/operations.h"

#include "text/validation.h"

namespace fshosts {

Plan plan_apply(std::string_view current, const ApplyRequest& request, std::string_view fallback_eol)
{
    Plan plan{{}, normalize_address(request.address), {}, false};
    for (const std::string& domain : request.domains) {
        std::string name = normalize_domain(domain);
        plan.names.push_back(name);
        if (request.with_twin) {
            if (std::optional<std::string> twin = twin_name(name))
                plan.names.push_back(*twin);
        }
    }
    ApplyOptions options;
    options.disable_conflicts = request.disable_conflicts;
    options.fallback_eol = fallback_eol;
    plan.change = apply(current, plan.names, plan.address, options);
    plan.differs = !plan.change.splices.empty();
    return plan;
}

Plan plan_revert(std::string_view current, const std::vector<std::string>& domains)
{
    Plan plan{{}, {}, {}, false};
    if (domains.empty()) {
        plan.change = revert_all(current);
    } else {
        for (const std::string& domain : domains)
            plan.names.push_back(normalize_domain(domain));
        plan.change = revert(current, plan.names);
    }
    plan.differs = !plan.change.splices.empty();
    return plan;
}

Status read_status(std::string_view current)
{
    Status status{inspect_block(current), {}};
    std::vector<std::string> names;
    for (const ManagedEntry& e : status.block.entries)
        names.push_back(e.name);
    if (!names.empty())
        status.conflicts = find_conflicts(current, status.block, names);
    return status;
}

}  // namespace fshosts
