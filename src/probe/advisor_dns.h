// The DNS hints of the SSL advisor (probe/ssl_advisor.h), asked directly (bypassing the hosts
// file): A and AAAA of the contract host, MX and TXT of its mail domain.
#pragma once

#include "probe/dns_query.h"
#include "probe/ssl_advisor.h"

#include <optional>
#include <string>
#include <vector>

namespace fshosts::probe {

struct AdvisorDns {
    std::optional<DnsHints> hints;  // nullopt when DNS did not answer for the host at all
    std::vector<std::string> txt;   // the mail domain's TXT records
    std::vector<std::string> problems;  // translated: the lookups that failed (timeouts, unreachable servers)
};

AdvisorDns query_advisor_dns(const std::string& domain, const QueryOptions& options);

}  // namespace fshosts::probe
