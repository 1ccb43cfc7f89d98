#include "probe/advisor_dns.h"

#include <algorithm>
#include <string_view>

namespace fshosts::probe {

AdvisorDns query_advisor_dns(const std::string& domain, const QueryOptions& options)
{
    const std::string mail_domain = mail_domain_of(domain);
    const std::vector<DnsAnswer> answers = query_dns(
        {{domain, RecordType::A}, {domain, RecordType::AAAA}, {mail_domain, RecordType::MX}, {mail_domain, RecordType::TXT}},
        options);
    AdvisorDns out;
    for (const DnsAnswer& a : answers)
        if (!a.answered() && std::find(out.problems.begin(), out.problems.end(), a.error) == out.problems.end())
            out.problems.push_back(a.error);
    if (!out.problems.empty())
        return out;  // a hint from half the answers would mislead ("no MX" when MX timed out)
    DnsHints hints;
    for (const DnsAnswer* a : {&answers[0], &answers[1]})
        hints.addresses.insert(hints.addresses.end(), a->addresses.begin(), a->addresses.end());
    for (const MxRecord& mx : answers[2].mx)
        hints.mx_hosts.push_back(mx.host);
    constexpr std::string_view marker = "_globalsign-domain-verification=";
    for (const std::string& txt : answers[3].txt) {
        out.txt.push_back(txt);
        hints.globalsign_txt = hints.globalsign_txt || txt.compare(0, marker.size(), marker) == 0;
    }
    out.hints = std::move(hints);
    return out;
}

}  // namespace fshosts::probe

namespace fshosts::probe {

ProbeOptions advisor_web_options()
{
    ProbeOptions o;
    o.connect_timeout_ms = 2000;
    o.total_timeout_ms = 2500;
    return o;
}

WebAnswer check_web_answer(const std::string& domain, const std::vector<std::string>& addresses, const ProbeOptions& options)
{
    WebAnswer out;
    const auto ipv4 = std::find_if(addresses.begin(), addresses.end(), [](const std::string& a) { return a.find(':') == std::string::npos; });
    out.address = ipv4 != addresses.end() ? *ipv4 : addresses.empty() ? std::string() : addresses.front();
    if (out.address.empty()) {
        out.ran = false;
        return out;
    }
    for (const bool https : {false, true}) {
        const SchemeResult r = probe_scheme(domain, out.address, https, options);
        out.url = r.url;
        if (r.reached) {
            out.status = r.status;
            out.error.clear();
            return out;
        }
        out.error = r.error;
        if (r.error_kind == "unavailable" || r.error_kind == "cancelled") {
            out.ran = false;
            return out;
        }
    }
    return out;
}

AdvisorDns query_advisor(const std::string& domain, const QueryOptions& dns, const ProbeOptions& web)
{
    AdvisorDns out = query_advisor_dns(domain, dns);
    if (out.hints && !out.hints->addresses.empty())
        out.hints->web = check_web_answer(domain, out.hints->addresses, web);
    return out;
}

}  // namespace fshosts::probe
