#include "cli/dns_commands.h"

#include "base/error.h"
#include "base/i18n.h"
#include "base/utf8.h"
#include "cli/command_line.h"
#include "core/helper_protocol.h"
#include "platform/terminal.h"
#include "probe/advisor_dns.h"
#include "probe/dns_switch.h"
#include "probe/site_probe.h"
#include "probe/join.h"
#include "probe/ssl_advisor.h"
#include "text/validation.h"

#include <algorithm>
#include <iostream>
#include <optional>

using nlohmann::json;

namespace fshosts::cli {
namespace {

// When public DNS answers with other addresses than the preview's (a CNAME to several futureshop
// addresses after the switch), an HTTP/TLS request to one of them decides whether it is the same
// server as the preview (probe/site_probe.h).
const probe::AnswersLikePreview http_check = [](const std::string& domain, const std::string& dns_address,
                                                const std::string& preview_address) {
    return probe::answers_like_preview(domain, dns_address, preview_address);
};

probe::QueryOptions query_options(const std::string& server)
{
    probe::QueryOptions o;
    if (!server.empty())
        o.server = probe::parse_dns_server(server);
    return o;
}

json server_json(const probe::QueryOptions& o) { return o.server ? json(probe::to_string(*o.server)) : json(nullptr); }

std::string server_text(const probe::QueryOptions& o)
{
    return o.server ? probe::to_string(*o.server) : std::string(_("the system's DNS servers"));
}

json text_list(const std::vector<std::string>& items)
{
    json out = json::array();
    for (const std::string& s : items)
        out.push_back(json_message(s));
    return out;
}

// Asks a yes/no question on the terminal until it gets an answer; `hint` is the default an
// empty answer takes (from DNS), when there is one.
bool ask_yes_no(const std::string& question, std::optional<bool> hint)
{
    for (;;) {
        std::cout << displayable(question) << ' '
                  << (hint ? (*hint ? _("[Y/n]") : _("[y/N]")) : _("[y/n]")) << ' ' << std::flush;
        std::string line;
        if (!std::getline(std::cin, line))
            throw Error(ErrorKind::BadInput, _("No answer was given (end of input)."));
        while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
            line.pop_back();
        if (line.empty() && hint)
            return *hint;
        if (line == "y" || line == "Y" || line == "yes" || line == "はい")
            return true;
        if (line == "n" || line == "N" || line == "no" || line == "いいえ")
            return false;
        std::cout << _("Please answer y (yes) or n (no).") << '\n';
    }
}

// The `fshosts apply` that starts the preview: the domain (and its www/apex twin for a www.
// name, as the GUI does by default), the address the user gave or a placeholder.
std::string apply_command(const std::string& hosts_file, const std::string& domain, const std::string& ip)
{
    std::string command = "fshosts";
    if (!hosts_file.empty())
        command += " --hosts-file " + shell_quote(hosts_file);
    command += " apply";
    if (domain.rfind("www.", 0) == 0 && twin_name(domain))
        command += " --with-twin";
    return command + " --ip " + (ip.empty() ? std::string("ADDRESS") : ip) + " " + domain;
}

void say_list(const Output& out, const std::vector<std::string>& items, bool numbered)
{
    for (std::size_t i = 0; i < items.size(); ++i)
        out.say((numbered ? "  " + std::to_string(i + 1) + ". " : std::string("  - ")) + items[i]);
}

}  // namespace

DnsCommands::DnsCommands(CLI::App& app, CLI::App& status, bool& json_flag) : m_json(&json_flag)
{
    CLI::Option* check = status.add_flag("--check-dns", m_check_dns,
                                         _("Also ask DNS directly (bypassing the hosts file) whether the DNS switch has happened"));
    status.add_option("--dns-server", m_dns_server, _("The DNS server to ask: HOST[:PORT] (IPv4, or [IPv6]:PORT)"))->needs(check);

    m_advise = app.add_subcommand("advise", _("Which SSL validation to use for a contract domain, and whether a hosts preview is needed"));
    m_advise->add_option("--dns-server", m_dns_server, _("The DNS server to ask: HOST[:PORT] (IPv4, or [IPv6]:PORT)"));
    m_advise->add_option("--running", m_running, _("Is a shop already running on the contract domain? yes or no"))
        ->check(CLI::IsMember({"yes", "no"}));
    m_advise->add_option("--mailbox", m_mailbox, _("Can a mailbox be created on the domain? yes or no"))
        ->check(CLI::IsMember({"yes", "no"}));
    m_advise->add_option("--ip", m_ip, _("The futureshop server address, for the suggested fshosts apply command"));
    m_advise->add_option("--http-port", m_http_port, _("Port for http:// (default 80)"))->check(CLI::Range(1, 65535));
    m_advise->add_option("--https-port", m_https_port, _("Port for https:// (default 443)"))->check(CLI::Range(1, 65535));
    m_advise->add_flag("--json", json_flag, _("Print JSON for scripts"));
    m_advise->add_option("domain", m_domain, _("The contract domain: a URL, full-width text or an IDN is fine"))->required();
}

bool DnsCommands::advise_chosen() const { return m_advise->parsed(); }

int DnsCommands::run_advise(const std::string& hosts_file, const Output& out) const
{
    const std::string domain = normalize_domain(m_domain);
    const std::string ip = m_ip.empty() ? std::string() : normalize_address(m_ip);
    const probe::QueryOptions options = query_options(m_dns_server);
    const bool interactive = !*m_json && platform::stdin_is_terminal();
    if (!interactive) {  // say what is missing before any DNS traffic
        if (m_running.empty())
            throw Error(ErrorKind::BadInput,
                        trf("--running yes|no is missing: is a shop already running on {0}? (Asked interactively only in a terminal.)", domain));
        if (m_mailbox.empty())
            throw Error(ErrorKind::BadInput,
                        trf("--mailbox yes|no is missing: can a mailbox be created on {0}? (Asked interactively only in a terminal.)",
                            probe::mail_domain_of(domain)));
    }

    probe::ProbeOptions web = probe::advisor_web_options();
    web.http_port = m_http_port;
    web.https_port = m_https_port;
    const probe::AdvisorDns dns = probe::query_advisor(domain, options, web);
    // " (DNS has ...)" after a question, when DNS was asked.
    const auto hint_suffix = [](const std::string& text) {
        // TRANSLATORS: a hint from DNS after a yes/no question, in parentheses.
        return text.empty() ? text : trf(" ({0})", text);
    };
    const bool running = !m_running.empty() ? m_running == "yes"
                                            : ask_yes_no(trf("Is a shop already running on {0}?{1}", domain,
                                                             hint_suffix(probe::running_hint_text(dns.hints))),
                                                         probe::running_hint(dns.hints));
    const std::string mail_domain = probe::mail_domain_of(domain);
    const bool mailbox = !m_mailbox.empty() ? m_mailbox == "yes"
                                            : ask_yes_no(trf("Can a mailbox (for example admin@{0}) be created on {0}?{1}", mail_domain,
                                                             hint_suffix(probe::mailbox_hint_text(dns.hints))),
                                                         probe::mailbox_hint(dns.hints));

    const probe::Advice a = probe::advise(domain, running, mailbox, dns.hints);
    const std::optional<std::string> command =
        a.hosts_preview_needed ? std::optional<std::string>(apply_command(hosts_file, domain, ip)) : std::nullopt;

    if (*m_json) {
        json alternatives = json::array();
        for (probe::ValidationMethod m : a.alternatives)
            alternatives.push_back(probe::to_string(m));
        json dns_json{{"server", server_json(options)}, {"checked", dns.hints.has_value()}, {"problems", text_list(dns.problems)}};
        dns_json["addresses"] = dns.hints ? dns.hints->addresses : std::vector<std::string>{};
        dns_json["mx"] = dns.hints ? dns.hints->mx_hosts : std::vector<std::string>{};
        dns_json["txt"] = text_list(dns.txt);
        dns_json["globalsign_txt"] = dns.hints && dns.hints->globalsign_txt;
        dns_json["http"] = nullptr;  // not asked: DNS has no address for the host
        if (dns.hints && dns.hints->web) {
            const probe::WebAnswer& w = *dns.hints->web;
            dns_json["http"] = {{"checked", w.ran},
                                {"address", w.address},
                                {"url", w.url},
                                {"answered", w.answered()},
                                {"status", w.answered() ? json(w.status) : json(nullptr)},
                                {"error", w.answered() ? json(nullptr) : json(json_message(w.error))}};
        }
        const std::optional<bool> running_hint = probe::running_hint(dns.hints), mailbox_hint = probe::mailbox_hint(dns.hints);
        dns_json["running_hint"] = running_hint ? json(*running_hint) : json(nullptr);
        dns_json["mailbox_hint"] = mailbox_hint ? json(*mailbox_hint) : json(nullptr);
        out.json({{"ok", true},
                  {"operation", "advise"},
                  {"domain", a.domain},
                  {"mail_domain", a.mail_domain},
                  {"shop_running", a.shop_running},
                  {"mailbox_possible", a.mailbox_possible},
                  {"method", probe::to_string(a.method)},
                  {"method_name", probe::method_name(a.method)},
                  {"alternatives", alternatives},
                  {"reason", a.reason},
                  {"steps", a.steps},
                  {"renewal", a.renewal},
                  {"approver_addresses", a.approver_addresses},
                  {"hosts_preview_needed", a.hosts_preview_needed},
                  {"apply_command", command ? json(*command) : json(nullptr)},
                  {"dns", dns_json},
                  {"hints", a.hints}});
        return exit_ok;
    }

    out.say(trf("SSL validation for {0}", a.domain));
    out.say(trf("Recommended: {0}", probe::method_name(a.method)));
    out.say(trf("Why: {0}", a.reason));
    out.say(_("Steps:"));
    say_list(out, a.steps, true);
    out.say(trf("Renewal: {0}", a.renewal));
    const bool mail_possible = a.method == probe::ValidationMethod::Mail ||
                               std::find(a.alternatives.begin(), a.alternatives.end(), probe::ValidationMethod::Mail) != a.alternatives.end();
    if (mail_possible)
        out.say(trf("Approver addresses for mail validation (no others are accepted): {0}",
probe::join(a.approver_addresses)));
    for (probe::ValidationMethod m : a.alternatives)
        out.say(trf("Also possible: {0}", probe::method_name(m)));
    out.say(trf("Hints from DNS (asked {0}, not the hosts file):", server_text(options)));
    say_list(out, dns.problems, false);
    say_list(out, a.hints, false);
    if (command) {
        out.say(_("A hosts preview is needed until the DNS switch. To start it on this PC:"));
        out.say("  " + *command);
        if (ip.empty())
            out.say(_("  (ADDRESS: the futureshop web server's IP address that futureshop gave you)"));
    } else {
        out.say(_("No hosts preview is needed."));
    }
    return exit_ok;
}

void DnsCommands::report_status(const std::vector<ManagedEntry>& entries, const std::string& hosts_file, json& status_object,
                                const Output& out) const
{
    if (!m_check_dns)
        return;
    const probe::QueryOptions options = query_options(m_dns_server);
    std::vector<probe::ManagedName> names;
    for (const ManagedEntry& e : entries)
        names.push_back({e.name, e.address});
    const std::vector<probe::SwitchVerdict> verdicts = probe::check_dns_switch(names, options, http_check);
    if (*m_json) {
        json items = json::array();
        for (const probe::SwitchVerdict& v : verdicts)
            items.push_back({{"name", v.name},
                             {"preview_address", v.preview_address},
                             {"state", probe::to_string(v.state)},
                             {"decided_by", probe::to_string(v.decided_by)},
                             {"dns_addresses", v.dns_addresses},
                             {"cname_chain", v.cname_chain},
                             {"message", json_message(v.message)}});
        status_object["dns_switch"] = {{"server", server_json(options)}, {"names", items}};
        return;
    }
    if (verdicts.empty()) {
        out.say(_("DNS switch: nothing to check (no preview is active)."));
        return;
    }
    out.say(trf("DNS switch (asked {0} directly, not the hosts file):", server_text(options)));
    std::string switched;
    for (const probe::SwitchVerdict& v : verdicts) {
        out.say("  " + v.message);
        if (v.state == probe::SwitchState::Switched)
            switched += " " + v.name;
    }
    if (!switched.empty())
        out.say(trf("To revert: {0}", "fshosts" + (hosts_file.empty() ? std::string() : " --hosts-file " + shell_quote(hosts_file)) +
                                          " revert" + switched));
}

}  // namespace fshosts::cli
