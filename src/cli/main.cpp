// fshosts: preview a site under its contract domain through the hosts file, and undo it.
// A thin front end: parsing and output here, every hosts decision in core. Changes go through
// core's ChangeService (the writer for --hosts-file, fshosts-helper for the system hosts file);
// both paths return the same JSON, which the human output is printed from.
#include "base/error.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "cli/browser_command.h"
#include "cli/command_line.h"
#include "cli/dns_commands.h"
#include "cli/probe_commands.h"
#include "cli/translations.h"
#include "core/change_service.h"
#include "core/go_live.h"
#include "core/helper_protocol.h"
#include "core/hosts_io.h"
#include "core/hosts_writer.h"
#include "core/installed_layout.h"
#include "core/operations.h"
#include "core/version.h"
#include "platform/elevation.h"
#include "platform/user_identity.h"
#include "text/validation.h"

#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string_view>
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
    std::string until;  // apply --until
    std::string backup_id;
    ProbeCommands checks;  // probe, verify, apply --probe / --verify (cli/probe_commands.h)
    BrowserCommand browser;  // the browser preview (cli/browser_command.h)
};

bool system_target(const Options& o) { return o.hosts_file.empty(); }
Target target_of(const Options& o) { return system_target(o) ? Target::system() : Target::for_file(o.hosts_file); }

// Every --json outcome is one object on stdout (docs/json.md). Texts that may not be UTF-8 were
// put there by put_text(); `replace` is only the last line of defence against a slip.
void print_json(const json& j) { std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n' << std::flush; }

// {"hosts_file": ...[, "hosts_file_base64": ...]}: a path exactly, whatever its bytes.
json with_path(json j, const std::string& key, const fs::path& path)
{
    put_text(j, key, path.string(), 65536);  // POSIX: the path's bytes, exactly
    return j;
}

// ---- output ---------------------------------------------------------------------------------

// Text for the terminal: every line through displayable(), so a path or a file's line with
// control bytes, invalid UTF-8 or bidi controls cannot forge or recolour output.
void say_to(std::ostream& out, std::string_view text) { out << displayable_lines(text) << '\n'; }

void say(std::string_view text) { say_to(std::cout, text); }
void say_error(std::string_view text) { say_to(std::cerr, std::string("fshosts: ").append(text)); }
const Output output{print_json, say};

int run_status(const Options& o, const DnsCommands& dns)
{
    const fs::path path = target_of(o).hosts;
    const Status status = read_status(read_hosts_file_stamped(path).bytes.view());
    const std::vector<std::string> warnings = status_warnings(status, system_target(o));
    if (o.json) {
        json j = with_path({{"ok", true}, {"operation", "status"}}, "hosts_file", path);
        j.update(status_to_json(status));
        j["warnings"] = warnings;
        dns.report_status(status.block.entries, o.hosts_file, j, output);
        print_json(j);
        return exit_ok;
    }
    const BlockInfo& block = status.block;
    say(trf("Hosts file: {0}", path.string()));
    for (const std::string& warning : warnings)
        say(trf("Warning: {0}", warning));
    if (block.state == BlockState::Malformed) {
        say(trf("The fshosts block is damaged (line {0}): {1}", block.problem_line, block.problem));
        return exit_ok;
    }
    if (block.entries.empty()) {
        say(_("No preview is active: fshosts has no entries in this file."));
    } else {
        say(_("Preview active on this PC only:"));
        const std::string today = local_date_today();
        bool overdue = false;
        for (const ManagedEntry& e : block.entries) {
            say("  " + e.name + " -> " + e.address + (e.until.empty() ? "" : "  (" + go_live_text(e.until, today) + ")"));
            overdue = overdue || (!e.until.empty() && go_live_passed(e.until, today));
        }
        if (overdue)
            say(trf("Warning: {0}", _("The planned go-live date has passed: the DNS switch should be done, and the preview "
                                      "line is no longer needed. Revert it (fshosts revert).")));
    }
    for (const DisabledLine& d : block.disabled)
        say(trf("Line {0} is disabled while the preview is on: {1}", d.line_number, displayable(d.original_text)));
    for (const Conflict& c : status.conflicts)
        say(trf("Warning: line {0} maps {1} to {2} and wins over the fshosts entry: {3}", c.line_number, c.name,
                         c.address, displayable(c.line_text)));
    json unused;
    dns.report_status(block.entries, o.hosts_file, unused, output);
    return exit_ok;
}

std::string join(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

// Prints what a change did (as the helper reported it, or as this process carried it out).
// An apply that another program undid right after the write (Windows: Microsoft Defender and
// other security programs, core/write_recheck.h) is a failure: the preview is not on.
int print_change(const Options& o, const ChangeResult& r, const fs::path& hosts, const json& extra = json::object())
{
    const bool undone = r.after_write && r.after_write->undone();
    if (o.json) {
        json j = with_path(to_json(r), "hosts_file", hosts);
        j.update(extra);
        print_json(j);
        if (!undone)
            return exit_ok;
    } else {
        for (const std::string& note : r.recovery)
            say_error(note);
    }
    if (undone) {  // on stderr also next to --json, like every failure (report_error)
        say_error(r.after_write->message);
        return exit_undone();
    }
    if (r.operation == "apply") {
        say(trf("Preview on (this PC only): {0} -> {1}", join(r.names), r.address));
        for (const std::string& n : r.names) {
            std::optional<std::string> twin = twin_name(n);
            if (twin && std::find(r.names.begin(), r.names.end(), *twin) == r.names.end())
                say(trf("Tip: {0} is not included. Add --with-twin to preview it too.", *twin));
        }
    }
    for (const DisabledLineNote& d : r.disabled_lines)
        say(trf("Disabled line {0} while the preview is on: {1}", d.line, displayable(d.text, 4096)));
    if (!r.removed.empty())
        say(trf("Removed: {0}", join(r.removed)));
    if (!r.restored_lines.empty()) {
        std::string lines;
        for (std::size_t n : r.restored_lines)
            lines += (lines.empty() ? "" : ", ") + std::to_string(n);
        say(trf("Re-enabled the lines fshosts had disabled: {0}", lines));
    }
    if (r.operation == "restore" && r.changed)
        say(trf("Restored {0} from backup {1}. The content it replaced was saved as backup {2}.", hosts.string(),
                         r.restored, r.backup_id));
    if (!r.changed) {
        // After a recovery note (above) the file may have been written by that recovery: say
        // only that this command had nothing to do.
        if (!r.recovery.empty())
            say((r.operation == "revert" ? _("Nothing to revert.") : _("Already in place.")));
        else
            say((r.operation == "revert" ? _("Nothing to revert: the hosts file was not changed.")
                                                  : _("Already in place: the hosts file was not changed.")));
        return exit_ok;
    }
    for (const DnsFlushNote& f : r.dns_flush.value_or(std::vector<DnsFlushNote>{})) {
        if (f.ok)
            say(trf("Flushed the DNS cache of {0}.", f.cache));
        else
            say(trf("Warning: could not flush the DNS cache of {0}: {1}", f.cache, f.detail));
    }
    if (r.after_write && !r.after_write->message.empty())  // could not be read again: nothing known
        say(trf("Warning: {0}", r.after_write->message));
    say(_("Browsers keep their own DNS cache: reload the page, or restart the browser if the old site still shows."));
    return exit_ok;
}

// ---- commands ----------------------------------------------------------------------------------


ChangeService service_of(const Options& o)
{
    std::optional<fs::path> file;
    if (!system_target(o))
        file = fs::path(o.hosts_file);
    return ChangeService(file, layout::helper_program(), ui_language());
}

int run_apply(const Options& o)
{
    ChangeService service = service_of(o);
    ApplyChecks checks = apply_preflight(o.checks, o.domains, o.address, o.json);
    const ChangeResult r = service.apply(ApplyRequest{o.domains, o.address, o.with_twin, o.disable_conflicts, o.until});
    if (!o.until.empty())
        checks.fields["until"] = normalize_date(o.until);
    if (!(r.after_write && r.after_write->undone()))
        apply_verify(o.checks, service.hosts(), checks);
    const int code = print_change(o, r, service.hosts(), checks.fields);
    if (!o.until.empty() && !o.json && code == exit_ok)
        say(trf("Go-live date: {0}. fshosts status reminds you to revert once it has passed.", normalize_date(o.until)));
    return finish_apply(checks, code, o.json);
}

int run_revert(const Options& o)
{
    ChangeService service = service_of(o);
    return print_change(o, service.revert(o.domains), service.hosts());
}

int run_restore(const Options& o)
{
    ChangeService service = service_of(o);
    return print_change(o, service.restore(o.backup_id), service.hosts());
}

// The system hosts file's backups are listed from every store that keeps them (the helper's and
// the user's: Target::system_stores()), each backup with its folder.
int run_backups(const Options& o)
{
    const Target target = target_of(o);
    std::error_code ec;
    fs::directory_iterator probe(target.backup_dir(), ec);
    if (ec == std::errc::permission_denied)
        throw Error(ErrorKind::Permission, trf("You do not have permission to read {0} ({1}).", target.backup_dir().string(),
                                               ec.message()));
    const std::vector<fs::path> dirs = backup_dirs(target, system_target(o));
    const std::vector<StoredBackup> list = list_backups(dirs, target.hosts);
    if (o.json) {
        json out = json::array();
        for (const StoredBackup& s : list) {
            const BackupInfo& b = s.info;
            json item{{"id", b.id}, {"time", b.time}, {"size", b.size}, {"sha256", b.sha256}, {"pristine", b.pristine}};
            put_text(item, "operation", b.operation);
            out.push_back(with_path(std::move(item), "backup_dir", s.backup_dir));
        }
        json j = with_path({{"ok", true}, {"operation", "backups"}}, "hosts_file", target.hosts);
        j = with_path(std::move(j), "backup_dir", target.backup_dir());
        j["backups"] = std::move(out);
        print_json(j);
        return exit_ok;
    }
    for (const fs::path& dir : dirs) {
        const bool first = dir == dirs.front();
        const bool any = std::any_of(list.begin(), list.end(), [&](const StoredBackup& s) { return s.backup_dir == dir; });
        if (!first && !any)
            continue;
        if (first)
            say(trf("Backups of {0} (in {1}):", target.hosts.string(), dir.string()));
        else
            say(trf("Backups of {0} saved by changes made without administrator rights (in {1}):", target.hosts.string(),
                    dir.string()));
        if (!any)
            say(_("No backups yet: one is taken before every change."));
        for (const StoredBackup& s : list) {
            if (s.backup_dir != dir)
                continue;
            const BackupInfo& b = s.info;
            std::string line = fmt::format("  {}  {}  {:>8}  {}  {}", b.id, b.time, b.size, b.sha256.substr(0, 12), b.operation);
            if (b.pristine)
                line += std::string("  ") + _("(original)");
            say(line);
        }
    }
    return exit_ok;
}

int report_error(const Options& o, const Error& e, int argc, char** argv)
{
    std::string message = e.what();
    if (e.kind() == ErrorKind::Permission && system_target(o) && !platform::is_administrator()) {
        if (const std::string_view sudo = platform::elevation_command(); !sudo.empty()) {
            std::string command(sudo);
            for (int i = 0; i < argc; ++i)
                command += " " + shell_quote(argv[i]);
            message += "\n" + trf("Changing the system hosts file needs administrator rights. Run:\n  {0}", displayable(command, 4096));
        } else {
            message += "\n" + std::string(_("Changing the system hosts file needs administrator rights: answer \"Yes\" at the "
                                             "Windows prompt, or run fshosts in a terminal opened with \"Run as administrator\"."));
        }
    } else if (e.kind() == ErrorKind::Conflict && dynamic_cast<const ConflictError*>(&e)) {
        message += "\n" + std::string(_("To disable those lines while the preview is on, add --disable-conflicts."));
    }
    if (o.json) {
        json j = error_to_json(e);
        j["error"]["message"] = json_message(message);
        print_json(j);
    }
    say_error(message);
    return exit_code(e.kind());
}

// An outcome that is not an Error of ours (a usage error, an exception nobody expected): one
// JSON object too when --json was asked for, the message on stderr either way.
int report_failure(bool json_output, const char* kind, const std::string& message, int code)
{
    if (json_output)
        print_json({{"ok", false}, {"error", {{"kind", kind}, {"message", json_message(message)}, {"exit_code", code}}}});
    say_error(message);
    return code;
}

// Whether --json is among the arguments, known before (or without) a successful parse.
bool json_requested(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i)
        if (argv[i] != nullptr && std::string_view(argv[i]) == "--json")
            return true;
    return false;
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
    apply->add_option("--until", o.until,
                      _("The planned go-live date (YYYY-MM-DD): status says when it has passed and the preview should "
                        "be reverted"));
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
    const DnsCommands dns(app, *status, o.json);  // advise; status --check-dns

    add_probe_commands(app, *apply, o.checks, o.json);
    add_browser_command(app, o.browser, o.json);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);  // --help and --version print text, also next to --json
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        if (!json_requested(argc, argv))
            return app.exit(e);
        return report_failure(true, "usage", trf("{0}\nRun \"fshosts --help\" for the usage.", e.what()), e.get_exit_code());
    }

    try {
        if (*status)
            return run_status(o, dns);
        if (dns.advise_chosen())
            return dns.run_advise(o.hosts_file, output);
        if (*apply)
            return run_apply(o);
        if (*backups)
            return run_backups(o);
        if (*restore)
            return run_restore(o);
        if (const std::optional<int> code = run_probe_command(o.checks, o.hosts_file, o.json))
            return *code;
        if (const std::optional<int> code = run_browser_command(o.browser, o.json))
            return *code;
        return run_revert(o);
    } catch (const Error& e) {
        return report_error(o, e, argc, argv);
    } catch (const std::exception& e) {
        return report_failure(o.json, "internal", trf("internal error: {0}", e.what()), exit_internal);
    }
}

}  // namespace
}  // namespace fshosts::cli

int main(int argc, char** argv)
{
    try {
        return fshosts::cli::run(argc, argv);
    } catch (const std::exception& e) {  // thrown while reporting (out of memory, a closed stdout)
        return fshosts::cli::report_failure(fshosts::cli::json_requested(argc, argv), "internal",
                                            fshosts::trf("internal error: {0}", e.what()), fshosts::exit_internal);
    }
}
