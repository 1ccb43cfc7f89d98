// The SSL validation advisor: every row of DOMAIN.md's table with both answers, the approver
// addresses (www. stripped exactly), and the DNS hints.
#include "catch.h"

#include "base/error.h"
#include "probe/ssl_advisor.h"
#include "text/validation.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace fshosts::probe;

namespace {

bool mentions(const std::vector<std::string>& texts, const std::string& part)
{
    return std::any_of(texts.begin(), texts.end(), [&](const std::string& t) { return t.find(part) != std::string::npos; });
}

const DnsHints no_records{};

}  // namespace

TEST_CASE("approver addresses: the host of the contract URL without a leading www.")
{
    CHECK(approver_addresses(mail_domain_of(fshosts::normalize_domain("https://www.example.jp"))) ==
          std::vector<std::string>{"admin@example.jp", "administrator@example.jp", "hostmaster@example.jp",
                                   "postmaster@example.jp", "webmaster@example.jp"});
    CHECK(approver_addresses(mail_domain_of(fshosts::normalize_domain("https://shop.example.jp"))) ==
          std::vector<std::string>{"admin@shop.example.jp", "administrator@shop.example.jp", "hostmaster@shop.example.jp",
                                   "postmaster@shop.example.jp", "webmaster@shop.example.jp"});
    // An IDN: the punycode the mail system uses, www. stripped the same way.
    const std::string idn = fshosts::normalize_domain("https://www.例え.jp/shop?x=1");
    CHECK(idn == "www.xn--r8jz45g.jp");
    CHECK(mail_domain_of(idn) == "xn--r8jz45g.jp");
    CHECK(approver_addresses(mail_domain_of(idn)).front() == "admin@xn--r8jz45g.jp");
    CHECK(approver_addresses(mail_domain_of(idn)).back() == "webmaster@xn--r8jz45g.jp");
    // Only one leading "www." and only as a whole label.
    CHECK(mail_domain_of("www.www.example.jp") == "www.example.jp");
    CHECK(mail_domain_of("www2.example.jp") == "www2.example.jp");
    CHECK(mail_domain_of("wwwexample.jp") == "wwwexample.jp");
    CHECK(mail_domain_of("example.jp") == "example.jp");
}

TEST_CASE("a running shop with a mailbox: mail validation, DNS validation possible, hosts preview needed")
{
    const Advice a = advise("www.example.jp", true, true, no_records);
    CHECK(a.method == ValidationMethod::Mail);
    CHECK(a.alternatives == std::vector<ValidationMethod>{ValidationMethod::Dns});
    CHECK(a.hosts_preview_needed);
    CHECK(a.renewal.find("every year") != std::string::npos);
    CHECK(a.renewal.find("automatic once the shop is running") != std::string::npos);
    CHECK(mentions(a.steps, "settings@future-shop.jp"));
    CHECK(mentions(a.steps, "「アルファSSL/承認手続きのお知らせ」"));
    CHECK(mentions(a.steps, "admin@example.jp, administrator@example.jp, hostmaster@example.jp, postmaster@example.jp, webmaster@example.jp"));
    CHECK(mentions(a.steps, "hosts file"));
    CHECK(a.reason.find("mailbox can be created") != std::string::npos);
    CHECK(a.mail_domain == "example.jp");
}

TEST_CASE("a running shop without a mailbox: DNS validation (TXT), no alternative, hosts preview needed")
{
    const Advice a = advise("www.example.jp", true, false, no_records);
    CHECK(a.method == ValidationMethod::Dns);
    CHECK(a.alternatives.empty());
    CHECK(a.hosts_preview_needed);
    CHECK(a.renewal.find("every month") != std::string::npos);
    CHECK(mentions(a.steps, "_globalsign-domain-verification=<token>"));
    CHECK(mentions(a.steps, "30 days"));
    CHECK(mentions(a.steps, "DNS of example.jp"));
    CHECK(mentions(a.steps, "remove the TXT record"));
    CHECK(mentions(a.steps, "「[フューチャーショップ]TXTレコードの設定ありがとうございます」"));
    CHECK(a.reason.find("TXT record") != std::string::npos);
}

TEST_CASE("no shop yet, a mailbox possible: DNS-switch web, mail validation possible, no hosts preview")
{
    const Advice a = advise("www.example.jp", false, true, no_records);
    CHECK(a.method == ValidationMethod::DnsSwitchWeb);
    CHECK(a.alternatives == std::vector<ValidationMethod>{ValidationMethod::Mail});
    CHECK_FALSE(a.hosts_preview_needed);
    CHECK(a.renewal == "None: renewal is automatic.");
    CHECK(mentions(a.steps, "Point the DNS of www.example.jp at futureshop"));
    CHECK(mentions(a.steps, "no hosts setting is needed"));
    CHECK(a.reason.find("Mail validation is possible too") != std::string::npos);
}

TEST_CASE("no shop yet, no mailbox: DNS-switch web, nothing else possible, no hosts preview")
{
    const Advice a = advise("shop.example.jp", false, false, no_records);
    CHECK(a.method == ValidationMethod::DnsSwitchWeb);
    CHECK(a.alternatives.empty());
    CHECK_FALSE(a.hosts_preview_needed);
    CHECK(a.reason.find("mail validation is not possible") != std::string::npos);
    CHECK(a.approver_addresses.front() == "admin@shop.example.jp");
}

TEST_CASE("method names and JSON values")
{
    CHECK(to_string(ValidationMethod::Mail) == "mail");
    CHECK(to_string(ValidationMethod::Dns) == "dns");
    CHECK(to_string(ValidationMethod::DnsSwitchWeb) == "dns_switch_web");
    CHECK(method_name(ValidationMethod::Mail) == "mail validation");
    CHECK(method_name(ValidationMethod::Dns) == "DNS validation (TXT record)");
    CHECK(method_name(ValidationMethod::DnsSwitchWeb) == "DNS-switch web validation");
}

TEST_CASE("DNS hints: an address suggests a running site, an MX a mail server, the GlobalSign TXT a reminder")
{
    DnsHints full;
    full.addresses = {"192.0.2.10", "2001:db8::10"};
    full.mx_hosts = {"mail.example.jp"};
    full.globalsign_txt = true;
    const Advice a = advise("www.example.jp", true, true, full);
    REQUIRE(a.hints.size() == 3);
    CHECK(a.hints[0] == "Public DNS has an address for www.example.jp (192.0.2.10, 2001:db8::10): a site seems to run there.");
    CHECK(a.hints[1] == "example.jp has an MX record (mail.example.jp): a mail server receives mail for it.");
    CHECK(a.hints[2] == "example.jp has a _globalsign-domain-verification TXT record: remove it once the certificate is issued.");

    // "No shop" against an address in DNS: the user is told what switching DNS would do.
    const Advice b = advise("www.example.jp", false, false, full);
    CHECK(mentions(b.hints, "You answered that no shop runs on www.example.jp"));

    // Nothing in DNS: no site, no mail server; a mailbox answer without MX is questioned.
    const Advice c = advise("www.example.jp", false, false, no_records);
    REQUIRE(c.hints.size() == 2);
    CHECK(c.hints[0] == "Public DNS has no address for www.example.jp: no site seems to run there yet.");
    CHECK(c.hints[1] == "example.jp has no MX record: no mail server seems to receive mail for it.");
    const Advice d = advise("www.example.jp", true, true, no_records);
    CHECK(mentions(d.hints, "example.jp has no MX record, yet you answered that a mailbox can be created"));
    CHECK_FALSE(mentions(d.hints, "_globalsign"));

    // DNS not asked at all: said so, no guesses.
    const Advice e = advise("www.example.jp", true, true, std::nullopt);
    CHECK(e.hints == std::vector<std::string>{"DNS could not be checked: this advice rests on your answers alone."});
}

TEST_CASE("the web check: an address and an HTTP answer suggest a running site; an address alone without an answer does not")
{
    DnsHints answered;
    answered.addresses = {"192.0.2.10"};
    answered.web = WebAnswer{"192.0.2.10", "http://www.example.jp/", 200, "", true};
    CHECK(running_hint(answered) == true);
    CHECK(running_hint_text(answered) == "DNS has an address for it and a web server answers there (HTTP 200)");
    const Advice a = advise("www.example.jp", true, false, answered);
    CHECK(a.hints[0] == "Public DNS has an address for www.example.jp (192.0.2.10) and a web server answers there "
                        "(http://www.example.jp/: HTTP 200): a site runs there.");
    // "No shop" against a site that answers: the user is told what switching DNS would do.
    CHECK(mentions(advise("www.example.jp", false, false, answered).hints, "You answered that no shop runs on www.example.jp"));

    DnsHints silent = answered;
    silent.web = WebAnswer{"192.0.2.10", "https://www.example.jp/", 0, "Nothing answers at 192.0.2.10:443.", true};
    CHECK(running_hint(silent) == false);
    CHECK(running_hint_text(silent) == "DNS has an address for it, but no web server answers there");
    const Advice b = advise("www.example.jp", false, false, silent);
    CHECK(b.hints[0] == "Public DNS has an address for www.example.jp (192.0.2.10), but no web server answers at 192.0.2.10 over "
                        "http:// or https://: no site seems to run there yet, or this PC cannot reach it.");
    CHECK_FALSE(mentions(b.hints, "You answered that no shop runs"));

    // The check could not run (libcurl missing): the address alone decides, and the user is told.
    DnsHints unchecked = answered;
    unchecked.web = WebAnswer{"192.0.2.10", "http://www.example.jp/", 0, "libcurl cannot be loaded", false};
    CHECK(running_hint(unchecked) == true);
    CHECK(running_hint_text(unchecked) == "DNS has an address for it");
    CHECK(mentions(advise("www.example.jp", true, true, unchecked).hints,
                   "Whether a web server answers there could not be checked: libcurl cannot be loaded"));

    // No address: no site, whatever else; no DNS: no hint at all.
    CHECK(running_hint(no_records) == false);
    CHECK(running_hint(std::nullopt) == std::nullopt);
    CHECK(running_hint_text(std::nullopt).empty());
    CHECK(mailbox_hint(no_records) == false);
    CHECK(mailbox_hint_text(answered) == "DNS has no MX record");
}
