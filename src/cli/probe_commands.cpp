#include "cli/probe_commands.h"

#include "base/error.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "core/helper_protocol.h"
#include "core/hosts_io.h"
#include "core/operations.h"
#include "platform/hosts_path.h"
#include "probe/browser_pitfalls.h"
#include "probe/preview_verify.h"
#include "probe/probe_json.h"
#include "probe/site_probe.h"
#include "text/validation.h"

#include <cmath>
#include <iostream>

namespace fshosts::cli {
namespace {

using nlohmann::json;

probe::ProbeOptions options_of(const ProbeCommands& c)
{
    probe::ProbeOptions o;
    o.connect_timeout_ms = std::lround(c.connect_timeout_seconds * 1000);
    o.total_timeout_ms = std::lround(c.timeout_seconds * 1000);
    o.http_port = c.http_port;
    o.https_port = c.https_port;
    o.ca_file = c.ca_file;
    return o;
}

void print(const json& j) { std::cout << j.dump(2, ' ', false, json::error_handler_t::replace) << '\n' << std::flush; }
// Text from servers (headers, certificate names) goes through displayable_lines like every
// other output of the CLI.
void print_text(const std::string& text) { std::cout << displayable_lines(text) << std::flush; }

void add_settings(CLI::App* cmd, ProbeCommands& c)
{
    cmd->add_option("--ca-file", c.ca_file, _("Also trust the CA certificates in this PEM file (a company proxy's CA, tests)"))
        ->check(CLI::ExistingFile);
    cmd->add_option("--timeout", c.timeout_seconds, _("Seconds a request may take in all (default 8)"))
        ->check(CLI::Range(0.1, 120.0));
    cmd->add_option("--connect-timeout", c.connect_timeout_seconds, _("Seconds to wait for a connection (default 3)"))
        ->check(CLI::Range(0.1, 60.0));
}

void add_ports(CLI::App* cmd, ProbeCommands& c)
{
    cmd->add_option("--http-port", c.http_port, _("Port for http:// (default 80)"))->check(CLI::Range(1, 65535));
    cmd->add_option("--https-port", c.https_port, _("Port for https:// (default 443)"))->check(CLI::Range(1, 65535));
}

std::vector<probe::PreviewEntry> managed_entries(const std::filesystem::path& hosts)
{
    const Status status = read_status(read_hosts_file_stamped(hosts).bytes.view());
    std::vector<probe::PreviewEntry> entries;
    for (const ManagedEntry& e : status.block.entries)
        entries.push_back({e.name, e.address});
    return entries;
}

int run_probe(const ProbeCommands& c, bool json_output)
{
    const std::string domain = normalize_domain(c.domain);
    const std::string address = normalize_address(c.address);
    const probe::SiteProbe result = probe::probe_site(domain, address, options_of(c));
    const std::vector<probe::Finding> found = probe::findings(result);
    if (json_output) {
        json j{{"ok", true}, {"operation", "probe"}};
        j.update(probe::to_json(result, found));
        print(j);
    } else {
        print_text(probe::format_probe(result, found));
    }
    return probe::passed(found) ? exit_ok : exit_check_failed;
}

// What this PC's browser settings may do to the verified preview (probe/browser_pitfalls.h):
// reported beside the result, not counted in it (a proxy or Firefox setting concerns one
// browser; the exit code says whether the preview works on this PC).
std::vector<probe::Pitfall> browser_pitfalls(const probe::PreviewVerify& result)
{
    std::vector<std::string> names;
    std::optional<bool> covers;
    bool hsts = false;
    for (const probe::NameVerify& v : result.names) {
        names.push_back(v.entry.name);
        if (const auto& cert = v.direct.https.certificate; cert && cert->covers_domain)
            covers = covers.value_or(true) && *cert->covers_domain;
        hsts = hsts || v.direct.https.hsts || v.system.https.hsts;
    }
    if (names.empty())
        return {};
    probe::PitfallInputs in = probe::this_computer(names);
    in.certificate_covers = covers;
    in.hsts_seen = hsts;
    return probe::find_pitfalls(in);
}

int run_verify(const ProbeCommands& c, const std::string& hosts_file, bool json_output)
{
    const std::filesystem::path hosts = hosts_file.empty() ? platform::system_hosts_path() : std::filesystem::path(hosts_file);
    const probe::PreviewVerify result = probe::verify_preview(managed_entries(hosts), options_of(c));
    const std::vector<probe::Pitfall> pitfalls = browser_pitfalls(result);
    const bool ok = result.passed;
    if (json_output) {
        json j{{"ok", true}, {"operation", "verify"}};
        put_text(j, "hosts_file", hosts.string(), 65536);
        j.update(probe::to_json(result));
        j["browser_pitfalls"] = probe::to_json(pitfalls);
        print(j);
    } else {
        print_text(probe::format_verify(result) + probe::format_pitfalls(pitfalls));
    }
    return ok ? exit_ok : exit_check_failed;
}

}  // namespace

void add_probe_commands(CLI::App& app, CLI::App& apply, ProbeCommands& c, bool& json_output)
{
    c.probe = app.add_subcommand("probe", _("Check that the server at ADDRESS answers for DOMAIN over http:// and https:// "
                                            "(the hosts file is not used or changed)"));
    c.probe->add_option("--ip", c.address, _("The futureshop server address (IPv4 or IPv6)"))->required();
    c.probe->add_flag("--json", json_output, _("Print JSON for scripts"));
    add_settings(c.probe, c);
    add_ports(c.probe, c);
    c.probe->add_option("domain", c.domain, _("Contract domain: a URL, full-width text or an IDN is fine"))->required();

    c.verify = app.add_subcommand("verify", _("Check that each name of the preview resolves only to its address on this PC "
                                              "and reaches that server"));
    c.verify->add_flag("--json", json_output, _("Print JSON for scripts"));
    add_settings(c.verify, c);
    add_ports(c.verify, c);

    apply.add_flag("--probe", c.apply_probe, _("Before writing, check that the server answers for the domains (the change "
                                               "is made whatever the check finds)"));
    apply.add_flag("--verify", c.apply_verify, _("After writing, check that the names reach the preview server (fshosts verify)"));
    add_settings(&apply, c);
}

std::optional<int> run_probe_command(const ProbeCommands& c, const std::string& hosts_file, bool json_output)
{
    if (c.probe != nullptr && *c.probe)
        return run_probe(c, json_output);
    if (c.verify != nullptr && *c.verify)
        return run_verify(c, hosts_file, json_output);
    return std::nullopt;
}

ApplyChecks apply_preflight(const ProbeCommands& c, const std::vector<std::string>& domains, const std::string& address,
                            bool json_output)
{
    ApplyChecks checks;
    if (!c.apply_probe)
        return checks;
    const std::string normalized_address = normalize_address(address);
    json probes = json::array();
    for (const std::string& typed : domains) {
        const probe::SiteProbe result = probe::probe_site(normalize_domain(typed), normalized_address, options_of(c));
        const std::vector<probe::Finding> found = probe::findings(result);
        checks.passed = checks.passed && probe::passed(found);
        if (json_output)
            probes.push_back(probe::to_json(result, found));
        else
            print_text(probe::format_probe(result, found));
    }
    if (!json_output && !checks.passed)
        print_text(std::string(_("The check found problems (above); the hosts file is changed anyway, as asked.")) + '\n');
    checks.fields["probe"] = std::move(probes);
    return checks;
}

void apply_verify(const ProbeCommands& c, const std::filesystem::path& hosts, ApplyChecks& checks)
{
    if (!c.apply_verify)
        return;
    const probe::PreviewVerify result = probe::verify_preview(managed_entries(hosts), options_of(c));
    checks.passed = checks.passed && result.passed;
    checks.fields["verify"] = probe::to_json(result);
    checks.text_after = probe::format_verify(result);
}

int finish_apply(const ApplyChecks& checks, int apply_code, bool json_output)
{
    if (!json_output && !checks.text_after.empty())
        print_text(checks.text_after);
    if (apply_code != exit_ok)
        return apply_code;
    return checks.passed ? exit_ok : exit_check_failed;
}

}  // namespace fshosts::cli
