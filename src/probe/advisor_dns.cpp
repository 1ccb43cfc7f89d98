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
