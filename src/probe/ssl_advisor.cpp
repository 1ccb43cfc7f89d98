#include "probe/ssl_advisor.h"

#include "base/i18n.h"
#include "probe/join.h"

namespace fshosts::probe {
namespace {

std::string reason_for(bool shop_running, bool mailbox_possible)
{
    if (shop_running && mailbox_possible)
        return _("A shop already runs on this domain, so its DNS stays on the current server until go-live; a mailbox can "
                 "be created on the domain, so mail validation is the simplest.");
    if (shop_running)
        return _("A shop already runs on this domain, so its DNS stays on the current server until go-live, and mail "
                 "validation needs a mailbox on the domain: use DNS validation (a TXT record).");
    if (mailbox_possible)
        return _("No shop runs on this domain yet, so its DNS can point at futureshop now: DNS-switch web validation "
                 "needs no hosts setting while building and no renewal work. Mail validation is possible too (then the "
                 "new shop is previewed through the hosts file until the DNS switch).");
    return _("No shop runs on this domain yet, so its DNS can point at futureshop now; without a mailbox on the domain "
             "mail validation is not possible. DNS-switch web validation needs no hosts setting while building.");
}

std::vector<std::string> steps_for(ValidationMethod method, const Advice& a)
{
    const std::string preview = _("Until the DNS switch, preview the new shop on your PC through the hosts file (fshosts), "
                                  "and remove that entry after the switch.");
    switch (method) {
    case ValidationMethod::Mail:
        return {trf("Make sure one of these addresses receives mail: {0}.", join(a.approver_addresses)),
                _("Tell futureshop that you use mail validation and which of these addresses the approval mail goes to."),
                _("When the mail whose subject starts with 「アルファSSL/承認手続きのお知らせ」 arrives, forward it to "
                  "settings@future-shop.jp."),
                preview};
    case ValidationMethod::Dns:
        return {_("futureshop gives you a TXT record of the form _globalsign-domain-verification=<token>; it is valid for 30 days."),
                trf("Add that TXT record to the DNS of {0} at your DNS provider within the 30 days.", a.mail_domain),
                _("When the mail 「[フューチャーショップ]TXTレコードの設定ありがとうございます」 arrives, the certificate is "
                  "issued: remove the TXT record."),
                preview};
    case ValidationMethod::DnsSwitchWeb:
        return {trf("Point the DNS of {0} at futureshop: use futureshop's DNS, or change the zone at your DNS provider as "
                    "futureshop tells you.",
                    a.domain),
                _("futureshop then validates the domain over the web by itself."),
                _("From then on the domain shows the futureshop shop: no hosts setting is needed while building.")};
    }
    return {};
}

std::string renewal_for(ValidationMethod method)
{
    switch (method) {
    case ValidationMethod::Mail:
        return _("Mail validation again every year while the shop is being built; automatic once the shop is running.");
    case ValidationMethod::Dns:
        return _("A new TXT record every month while the shop is being built; automatic once the shop is running.");
    case ValidationMethod::DnsSwitchWeb: return _("None: renewal is automatic.");
    }
    return {};
}

std::vector<std::string> hints_for(const Advice& a, const std::optional<DnsHints>& dns)
{
    if (!dns)
        return {_("DNS could not be checked: this advice rests on your answers alone.")};
    std::vector<std::string> hints;
    if (!dns->addresses.empty()) {
        const std::optional<WebAnswer>& web = dns->web;
        if (web && web->answered())
            hints.push_back(trf("Public DNS has an address for {0} ({1}) and a web server answers there ({2}: HTTP {3}): a "
                                "site runs there.",
                                a.domain, join(dns->addresses), web->url, web->status));
        else if (web && web->ran)
            hints.push_back(trf("Public DNS has an address for {0} ({1}), but no web server answers at {2} over http:// or "
                                "https://: no site seems to run there yet, or this PC cannot reach it.",
                                a.domain, join(dns->addresses), web->address));
        else
            hints.push_back(trf("Public DNS has an address for {0} ({1}): a site seems to run there.", a.domain, join(dns->addresses)));
        if (web && !web->ran)
            hints.push_back(trf("Whether a web server answers there could not be checked: {0}", web->error));
        if (!a.shop_running && running_hint(dns).value_or(false))
            hints.push_back(trf("You answered that no shop runs on {0}: if that address serves another site, pointing the "
                                "DNS at futureshop takes that site off the domain.",
                                a.domain));
    } else {
        hints.push_back(trf("Public DNS has no address for {0}: no site seems to run there yet.", a.domain));
    }
    if (!dns->mx_hosts.empty())
        hints.push_back(trf("{0} has an MX record ({1}): a mail server receives mail for it.", a.mail_domain, join(dns->mx_hosts)));
    else if (a.mailbox_possible)
        hints.push_back(trf("{0} has no MX record, yet you answered that a mailbox can be created: mail validation needs "
                            "a mail server that receives mail for {0}; check with whoever runs the domain's mail.",
                            a.mail_domain));
    else
        hints.push_back(trf("{0} has no MX record: no mail server seems to receive mail for it.", a.mail_domain));
    if (dns->globalsign_txt)
        hints.push_back(trf("{0} has a _globalsign-domain-verification TXT record: remove it once the certificate is issued.",
                            a.mail_domain));
    return hints;
}

}  // namespace

std::optional<bool> running_hint(const std::optional<DnsHints>& dns)
{
    if (!dns)
        return std::nullopt;
    if (dns->addresses.empty())
        return false;
    return !dns->web || !dns->web->ran || dns->web->answered();
}

std::optional<bool> mailbox_hint(const std::optional<DnsHints>& dns)
{
    if (!dns)
        return std::nullopt;
    return !dns->mx_hosts.empty();
}

std::string running_hint_text(const std::optional<DnsHints>& dns)
{
    if (!dns)
        return {};
    if (dns->addresses.empty())
        return _("DNS has no address for it");
    if (dns->web && dns->web->answered())
        return trf("DNS has an address for it and a web server answers there (HTTP {0})", dns->web->status);
    if (dns->web && dns->web->ran)
        return _("DNS has an address for it, but no web server answers there");
    return _("DNS has an address for it");
}

std::string mailbox_hint_text(const std::optional<DnsHints>& dns)
{
    if (!dns)
        return {};
    return dns->mx_hosts.empty() ? _("DNS has no MX record") : _("DNS has an MX record: a mail server exists");
}

std::string_view to_string(ValidationMethod method) noexcept
{
    switch (method) {
    case ValidationMethod::Mail: return "mail";
    case ValidationMethod::Dns: return "dns";
    case ValidationMethod::DnsSwitchWeb: return "dns_switch_web";
    }
    return "mail";
}

std::string method_name(ValidationMethod method)
{
    switch (method) {
    case ValidationMethod::Mail: return _("mail validation");
    case ValidationMethod::Dns: return _("DNS validation (TXT record)");
    case ValidationMethod::DnsSwitchWeb: return _("DNS-switch web validation");
    }
    return {};
}

std::string mail_domain_of(std::string_view domain)
{
    constexpr std::string_view www = "www.";
    if (domain.substr(0, www.size()) == www)
        domain.remove_prefix(www.size());
    return std::string(domain);
}

std::vector<std::string> approver_addresses(std::string_view mail_domain)
{
    std::vector<std::string> out;
    for (const char* user : {"admin", "administrator", "hostmaster", "postmaster", "webmaster"})
        out.push_back(std::string(user) + "@" + std::string(mail_domain));
    return out;
}

Advice advise(std::string_view domain, bool shop_running, bool mailbox_possible, const std::optional<DnsHints>& dns)
{
    Advice a;
    a.domain = std::string(domain);
    a.mail_domain = mail_domain_of(domain);
    a.shop_running = shop_running;
    a.mailbox_possible = mailbox_possible;
    a.approver_addresses = approver_addresses(a.mail_domain);
    if (shop_running) {
        a.method = mailbox_possible ? ValidationMethod::Mail : ValidationMethod::Dns;
        if (mailbox_possible)
            a.alternatives = {ValidationMethod::Dns};
    } else {
        a.method = ValidationMethod::DnsSwitchWeb;
        if (mailbox_possible)
            a.alternatives = {ValidationMethod::Mail};
    }
    a.reason = reason_for(shop_running, mailbox_possible);
    a.steps = steps_for(a.method, a);
    a.renewal = renewal_for(a.method);
    a.hosts_preview_needed = a.method != ValidationMethod::DnsSwitchWeb;
    a.hints = hints_for(a, dns);
    return a;
}

}  // namespace fshosts::probe
