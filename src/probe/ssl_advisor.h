// The SSL validation advisor (../docs DOMAIN.md's table): from the two answers a shop gives
// (is a shop already running on the contract domain? can a mailbox be created on it?) and hints
// from public DNS, which validation to use and why, its steps, the renewal effort, the five
// approver addresses, and whether a hosts-file preview is needed while building. Pure: no I/O.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::probe {

enum class ValidationMethod { Mail, Dns, DnsSwitchWeb };

// "mail", "dns", "dns_switch_web" (the JSON values).
std::string_view to_string(ValidationMethod method) noexcept;
// The translated name: 「メール認証」, 「DNS認証」, 「DNS切り替えWEB認証」.
std::string method_name(ValidationMethod method);

// Whether a web server answers for the contract host at an address public DNS gave (the hosts
// file not used): http:// first, then https://. Any HTTP status counts as an answer.
struct WebAnswer {
    std::string address;   // the address asked
    std::string url;       // the URL that answered, or the last one asked
    long status = 0;       // the HTTP status; 0 when no web server answered
    std::string error;     // translated: why not, when none answered
    bool ran = true;       // false: the check could not run (libcurl missing, cancelled), so it hints nothing

    bool answered() const noexcept { return status > 0; }
};

// What public DNS says about the contract domain; nullopt when DNS could not be asked.
struct DnsHints {
    std::vector<std::string> addresses;  // A and AAAA of the contract host
    std::vector<std::string> mx_hosts;   // MX of the mail domain
    bool globalsign_txt = false;         // a "_globalsign-domain-verification=" TXT record on the mail domain
    std::optional<WebAnswer> web;        // nullopt: not asked (DNS has no address)
};

struct Advice {
    std::string domain;       // the contract host, normalised (www.example.jp)
    std::string mail_domain;  // the host without a leading "www." (example.jp)
    bool shop_running = false;
    bool mailbox_possible = false;
    ValidationMethod method = ValidationMethod::Mail;
    std::vector<ValidationMethod> alternatives;  // the other methods possible in this situation
    std::string reason;
    std::vector<std::string> steps;
    std::string renewal;
    std::vector<std::string> approver_addresses;  // admin@, administrator@, hostmaster@, postmaster@, webmaster@
    bool hosts_preview_needed = false;
    std::vector<std::string> hints;  // from DNS: running site, mail server, the TXT record to remove
};

// The host of the contract URL without a leading "www.": www.example.jp -> example.jp,
// shop.example.jp -> shop.example.jp. `domain` is normalised (text/validation.h).
std::string mail_domain_of(std::string_view domain);

// The five addresses mail validation accepts, and no others.
std::vector<std::string> approver_addresses(std::string_view mail_domain);

// The answers the hints suggest (the defaults the CLI and the GUI offer): a shop runs when DNS has
// an address and a web server answers there (an address alone when the web check could not run);
// a mailbox is possible when the mail domain has an MX record. nullopt without DNS.
std::optional<bool> running_hint(const std::optional<DnsHints>& dns);
std::optional<bool> mailbox_hint(const std::optional<DnsHints>& dns);
// Why, in a few words for beside the question (translated): "DNS has an address for it and a web
// server answers there (HTTP 200)", "DNS has an MX record: a mail server exists". "" without DNS.
std::string running_hint_text(const std::optional<DnsHints>& dns);
std::string mailbox_hint_text(const std::optional<DnsHints>& dns);

// The advice for a normalised domain. `dns` nullopt: DNS could not be asked (no hints then).
Advice advise(std::string_view domain, bool shop_running, bool mailbox_possible, const std::optional<DnsHints>& dns);

}  // namespace fshosts::probe
