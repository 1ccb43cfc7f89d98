#include "core/operations.h"

#include "base/i18n.h"
#include "platform/host_name.h"
#include "platform/hosts_path.h"
#include "text/validation.h"

namespace fshosts {

Plan plan_apply(std::string_view current, const ApplyRequest& request, std::string_view fallback_eol)
{
    Plan plan{{}, normalize_address(request.address), request.until.empty() ? std::string() : normalize_date(request.until),
              {}, false};
    const std::string host = platform::host_name();
    for (const std::string& domain : request.domains) {
        std::string name = normalize_domain(domain);
        check_preview_target(name, host);
        plan.names.push_back(name);
        if (request.with_twin) {
            if (std::optional<std::string> twin = twin_name(name)) {
                check_preview_target(*twin, host);
                plan.names.push_back(*twin);
            }
        }
    }
    ApplyOptions options;
    options.disable_conflicts = request.disable_conflicts;
    options.fallback_eol = fallback_eol;
    options.until = plan.until;
    plan.change = apply(current, plan.names, plan.address, options);
    plan.differs = !plan.change.splices.empty();
    return plan;
}

Plan plan_revert(std::string_view current, const std::vector<std::string>& domains)
{
    Plan plan{{}, {}, {}, {}, false};
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
    Status status{inspect_block(current), {}, has_lone_cr_lines(current), non_ascii_entry_lines(current)};
    std::vector<std::string> names;
    for (const ManagedEntry& e : status.block.entries)
        names.push_back(e.name);
    // A damaged block is not a preview: nothing "wins over" it (the status says it is damaged).
    if (!names.empty() && status.block.state == BlockState::Present)
        status.conflicts = find_conflicts(current, status.block, names);
    return status;
}

std::vector<std::string> status_warnings(const Status& status, bool system_file)
{
    std::vector<std::string> warnings;
    if (status.lone_cr_lines)
        warnings.push_back(lone_cr_warning());
    if (!status.non_ascii_lines.empty() && platform::non_ascii_lines_may_be_ignored()) {
        std::string lines;
        for (std::size_t i = 0; i < status.non_ascii_lines.size() && i < 10; ++i)
            lines += (lines.empty() ? "" : ", ") + std::to_string(status.non_ascii_lines[i]);
        if (status.non_ascii_lines.size() > 10)
            lines += ", ...";
        // One line or several: the two languages we ship differ only there (no plural forms needed).
        if (status.non_ascii_lines.size() == 1)
            // TRANSLATORS: {0} is a line number, e.g. "3".
            warnings.push_back(trf("Line {0} of the hosts file contains non-ASCII text (for example Japanese) and "
                                   "the file has no UTF-8 BOM: Windows may ignore that line. fshosts' own lines are "
                                   "ASCII and not affected.",
                                   lines));
        else
            // TRANSLATORS: {0} is a list of line numbers, e.g. "3, 7".
            warnings.push_back(trf("Lines {0} of the hosts file contain non-ASCII text (for example Japanese) and "
                                   "the file has no UTF-8 BOM: Windows may ignore those lines. fshosts' own lines "
                                   "are ASCII and not affected.",
                                   lines));
    }
    if (system_file && !platform::system_hosts_path_is_default())
        warnings.push_back(trf("This PC reads its hosts file from {0}, not from the usual place. Windows itself "
                               "uses it, but Chrome and Firefox read only the usual place: check the preview in "
                               "Edge, or ask your administrator.",
                               platform::system_hosts_path().string()));
    return warnings;
}

std::string lone_cr_warning()
{
    return _("The lines of the hosts file end in a lone CR (classic Mac line endings). The resolver reads "
             "such lines as one line, so only the first of them takes effect. fshosts writes its own lines "
             "with LF endings so the preview works; save the file with LF line endings to make your "
             "other lines work again.");
}

}  // namespace fshosts
