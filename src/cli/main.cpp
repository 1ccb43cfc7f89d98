// fshosts: preview a site under its contract domain through the hosts file, and undo it.
// A thin front end: parsing and output here, every hosts decision in core.
#include "cli/translations.h"
#include "core/display.h"
#include "core/error.h"
#include "core/hosts_io.h"
#include "core/hosts_writer.h"
#include "core/i18n.h"
#include "core/operations.h"
#include "core/sha256.h"
#include "core/validation.h"
#include "core/version.h"
#include "platform/hosts_path.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;

namespace fshosts::cli {
namespace {

struct Options {
    std::string hosts_file;  // empty: the system hosts file
    bool json = false;
    std::vector<std::string> domains;
    std::string address;
    bool with_twin = false;
    bool disable_conflicts = false;
    std::string backup_id;
};

Target target_of(const Options& o) { return o.hosts_file.empty() ? Target::system() : Target::for_file(o.hosts_file); }
fs::path target_path(const Options& o) { return o.hosts_file.empty() ? platform::system_hosts_path() : fs::path(o.hosts_file); }

const char* block_state_name(BlockState s)
{
    switch (s) {
    case BlockState::Absent: return "absent";
    case BlockState::Present: return "present";
    case BlockState::Malformed: return "malformed";
    }
    return "unknown";
}

const char* error_kind_name(ErrorKind k)
{
    switch (k) {
    case ErrorKind::BadInput: return "bad_input";
    case ErrorKind::Conflict: return "conflict";
    case ErrorKind::ChangedOnDisk: return "changed_on_disk";
    case ErrorKind::Permission: return "permission";
    case ErrorKind::Io: return "io";
    }
    return "internal";
}

void print_json(const json& j) { std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n'; }

json conflicts_json(const std::vector<Conflict>& conflicts)
{
    json out = json::array();
    for (const Conflict& c : conflicts)
        out.push_back({{"line", c.line_number}, {"name", c.name}, {"address", c.address}, {"text", displayable(c.line_text, 4096)}});
    return out;
}

std::string join(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

int run_status(const Options& o)
{
    const fs::path path = target_path(o);
    const Status status = read_status(read_hosts_file(path));
    const BlockInfo& block = status.block;
    if (o.json) {
        json entries = json::array();
        for (const ManagedEntry& e : block.entries)
            entries.push_back({{"line", e.line_number}, {"name", e.name}, {"address", e.address}});
        json disabled = json::array();
        for (const DisabledLine& d : block.disabled)
            disabled.push_back({{"line", d.line_number}, {"text", displayable(d.original_text, 4096)}});
        json j{{"hosts_file", path.string()},
               {"block", block_state_name(block.state)},
               {"entries", entries},
               {"disabled_lines", disabled},
               {"conflicts", conflicts_json(status.conflicts)}};
        if (block.state == BlockState::Malformed)
            j["problem"] = {{"line", block.problem_line}, {"message", block.problem}};
        print_json(j);
        return exit_ok;
    }

    std::cout << trf("Hosts file: {0}", path.string()) << '\n';
    if (block.state == BlockState::Malformed) {
        std::cout << trf("The fshosts block is damaged (line {0}): {1}", block.problem_line, block.problem) << '\n';
        return exit_ok;
    }
    if (block.entries.empty()) {
        std::cout << _("No preview is active: fshosts has no entries in this file.") << '\n';
    } else {
        std::cout << _("Preview active on this PC only:") << '\n';
        for (const ManagedEntry& e : block.entries)
            std::cout << "  " << e.name << " -> " << e.address << '\n';
    }
    for (const DisabledLine& d : block.disabled)
        std::cout << trf("Line {0} is disabled while the preview is on: {1}", d.line_number, displayable(d.original_text))
                  << '\n';
    for (const Conflict& c : status.conflicts)
        std::cout << trf("Warning: line {0} maps {1} to {2} and wins over the fshosts entry: {3}", c.line_number, c.name,
                         c.address, displayable(c.line_text))
                  << '\n';
    return exit_ok;
}

// Reports a change that was written (or found unnecessary).
int report_change(const Options& o, const HostsWriter& writer, const Plan& plan, const CommitResult& commit,
                  const char* operation)
{
    const fs::path& path = writer.target().hosts;
    const Change& c = plan.change;
    if (o.json) {
        print_json({{"ok", true},
                    {"operation", operation},
                    {"hosts_file", path.string()},
                    {"changed", plan.changed()},
                    {"backup_id", commit.backup_id},
                    {"written_in_place", commit.in_place},
                    {"recovery", writer.recovery_notes()},
                    {"address", plan.address},
                    {"added", c.added},
                    {"updated", c.updated},
                    {"unchanged", c.unchanged},
                    {"removed", c.removed},
                    {"disabled_lines", conflicts_json(c.disabled)},
                    {"restored_lines", c.restored}});
        return exit_ok;
    }
    if (!c.added.empty() || !c.updated.empty() || !c.unchanged.empty()) {
        std::cout << trf("Preview on (this PC only): {0} -> {1}", join(plan.names), plan.address) << '\n';
        for (const std::string& name : plan.names) {
            std::optional<std::string> twin = twin_name(name);
            if (twin && std::find(plan.names.begin(), plan.names.end(), *twin) == plan.names.end())
                std::cout << trf("Tip: {0} is not included. Add --with-twin to preview it too.", *twin) << '\n';
        }
    }
    if (!c.disabled.empty())
        for (const Conflict& d : c.disabled)
            std::cout << trf("Disabled line {0} while the preview is on: {1}", d.line_number, displayable(d.line_text)) << '\n';
    if (!c.removed.empty())
        std::cout << trf("Removed: {0}", join(c.removed)) << '\n';
    if (!c.restored.empty())
        std::cout << trf("Re-enabled the lines fshosts had disabled: {0}", fmt::join(c.restored, ", ")) << '\n';
    if (!plan.changed())
        std::cout << (std::string(operation) == "revert" ? _("Nothing to revert: the hosts file was not changed.")
                                                         : _("Already in place: the hosts file was not changed."))
                  << '\n';
    else
        std::cout << _("Browsers keep their own DNS cache: reload the page, or restart the browser if the old site still shows.")
                  << '\n';
    return exit_ok;
}

void print_recovery_notes(const Options& o, const HostsWriter& writer)
{
    if (!o.json)
        for (const std::string& note : writer.recovery_notes())
            std::cerr << "fshosts: " << note << '\n';
}

// Validates first (bad input never takes the lock), then plans and writes under the writer's
// lock. If another program changed the file between reading and writing, plans once more.
template <typename PlanFn>
int run_change(const Options& o, const char* operation, PlanFn make_plan)
{
    make_plan(std::string());  // input errors surface here, before any file is touched
    HostsWriter writer(target_of(o));
    print_recovery_notes(o, writer);
    for (int attempt = 0;; ++attempt) {
        const std::string current = writer.read();
        Plan plan = make_plan(current);
        CommitResult commit;
        try {
            if (plan.changed())
                commit = writer.commit(sha256_hex(current), plan.after, ChangeInfo{operation, plan.names, plan.address});
        } catch (const Error& e) {
            if (e.kind() == ErrorKind::ChangedOnDisk && attempt == 0)
                continue;
            throw;
        }
        return report_change(o, writer, plan, commit, operation);
    }
}

int run_apply(const Options& o)
{
    ApplyRequest request{o.domains, o.address, o.with_twin, o.disable_conflicts};
    return run_change(o, "apply", [&](const std::string& current) {
        return plan_apply(current, request, platform::native_eol());
    });
}

int run_revert(const Options& o)
{
    return run_change(o, "revert", [&](const std::string& current) { return plan_revert(current, o.domains); });
}

int run_backups(const Options& o)
{
    const Target target = target_of(o);
    const std::vector<BackupInfo> list = BackupStore(target.backup_dir(), target.hosts).list();
    if (o.json) {
        json out = json::array();
        for (const BackupInfo& b : list)
            out.push_back({{"id", b.id}, {"time", b.time}, {"size", b.size}, {"sha256", b.sha256},
                           {"operation", b.operation}, {"pristine", b.pristine}});
        print_json({{"hosts_file", target.hosts.string()}, {"backup_dir", target.backup_dir().string()}, {"backups", out}});
        return exit_ok;
    }
    std::cout << trf("Backups of {0} (in {1}):", target.hosts.string(), target.backup_dir().string()) << '\n';
    if (list.empty())
        std::cout << _("No backups yet: one is taken before every change.") << '\n';
    for (const BackupInfo& b : list) {
        std::cout << fmt::format("  {}  {}  {:>8}  {}  {}", b.id, b.time, b.size, b.sha256.substr(0, 12), b.operation);
        if (b.pristine)
            std::cout << "  " << _("(original)");
        std::cout << '\n';
    }
    return exit_ok;
}

int run_restore(const Options& o)
{
    HostsWriter writer(target_of(o));
    print_recovery_notes(o, writer);
    const CommitResult commit = writer.restore(o.backup_id);
    if (o.json) {
        print_json({{"ok", true}, {"operation", "restore"}, {"hosts_file", writer.target().hosts.string()},
                    {"restored", o.backup_id}, {"backup_id", commit.backup_id}, {"recovery", writer.recovery_notes()}});
        return exit_ok;
    }
    std::cout << trf("Restored {0} from backup {1}. The content it replaced was saved as backup {2}.",
                     writer.target().hosts.string(), o.backup_id, commit.backup_id)
              << '\n';
    return exit_ok;
}

// Quotes an argument for display in a suggested command line.
std::string shell_quote(const std::string& arg)
{
    if (!arg.empty() && arg.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./:=@%+,") ==
                            std::string::npos)
        return arg;
    std::string out = "'";
    for (char ch : arg)
        out += (ch == '\'') ? std::string("'\\''") : std::string(1, ch);
    return out + "'";
}

int report_error(const Options& o, const Error& e, int argc, char** argv)
{
    std::string message = e.what();
    if (e.kind() == ErrorKind::Permission && o.hosts_file.empty()) {
        std::string command = "sudo";
        for (int i = 0; i < argc; ++i)
            command += " " + shell_quote(argv[i]);
        message += "\n" + trf("Changing the system hosts file needs administrator rights. Run:\n  {0}", displayable(command, 4096));
    } else if (e.kind() == ErrorKind::Conflict && dynamic_cast<const ConflictError*>(&e)) {
        message += "\n" + std::string(_("To disable those lines while the preview is on, add --disable-conflicts."));
    }
    if (o.json) {
        json j{{"ok", false}, {"error", {{"kind", error_kind_name(e.kind()), }, {"message", message}, {"exit_code", exit_code(e.kind())}}}};
        if (auto* ce = dynamic_cast<const ConflictError*>(&e))
            j["error"]["conflicts"] = conflicts_json(ce->conflicts());
        print_json(j);
    }
    std::cerr << "fshosts: " << message << '\n';
    return exit_code(e.kind());
}

int run(int argc, char** argv)
{
    setup_translations();

    Options o;
    CLI::App app{_("fshosts: point a contract domain at the futureshop server on this PC only, and undo it."), "fshosts"};
    app.set_version_flag("--version", std::string("fshosts ") + version);
    app.set_help_flag("-h,--help", _("Show this help and exit"));
    app.add_option("--hosts-file", o.hosts_file, _("Work on this file instead of the system hosts file"));
    app.require_subcommand(1);

    CLI::App* status = app.add_subcommand("status", _("Show the fshosts entries, conflicts and the block state"));
    status->add_flag("--json", o.json, _("Print JSON for scripts"));

    CLI::App* apply = app.add_subcommand("apply", _("Point one or more domains at an address (start a preview)"));
    apply->add_option("--ip", o.address, _("The futureshop server address (IPv4 or IPv6)"))->required();
    apply->add_flag("--with-twin", o.with_twin, _("Also map the www/apex twin (www.example.jp <-> example.jp)"));
    apply->add_flag("--disable-conflicts", o.disable_conflicts,
                    _("Comment out user lines that map the same names; revert restores them"));
    apply->add_flag("--json", o.json, _("Print JSON for scripts"));
    apply->add_option("domains", o.domains, _("Contract domains: a URL, full-width text or an IDN is fine"))->required();

    CLI::App* revert = app.add_subcommand("revert", _("Remove fshosts entries (all of them when no domain is given)"));
    revert->add_flag("--json", o.json, _("Print JSON for scripts"));
    revert->add_option("domains", o.domains, _("Domains to remove"));

    CLI::App* backups = app.add_subcommand("backups", _("List the backups fshosts took of the hosts file"));
    backups->add_flag("--json", o.json, _("Print JSON for scripts"));

    CLI::App* restore = app.add_subcommand("restore", _("Put back the content of a backup (the current content is backed up first)"));
    restore->add_flag("--json", o.json, _("Print JSON for scripts"));
    restore->add_option("id", o.backup_id, _("Backup id, as `fshosts backups` lists it (a unique prefix is enough)"))->required();

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }

    try {
        if (*status)
            return run_status(o);
        if (*apply)
            return run_apply(o);
        if (*backups)
            return run_backups(o);
        if (*restore)
            return run_restore(o);
        return run_revert(o);
    } catch (const Error& e) {
        return report_error(o, e, argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "fshosts: " << trf("internal error: {0}", e.what()) << '\n';
        return exit_internal;
    }
}

}  // namespace
}  // namespace fshosts::cli

int main(int argc, char** argv) { return fshosts::cli::run(argc, argv); }
