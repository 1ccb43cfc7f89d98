// The hints of the SSL advisor (probe/ssl_advisor.h), asked directly (bypassing the hosts file):
// A and AAAA of the contract host, MX and TXT of its mail domain, and whether a web server answers
// for the host at the address DNS gave.
#pragma once

#include "probe/dns_query.h"
#include "probe/site_probe.h"
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

// DNS only (hints->web stays nullopt).
AdvisorDns query_advisor_dns(const std::string& domain, const QueryOptions& options);

// The web check's options: short timeouts (a hint, not a verdict: about 2 s per scheme against an
// address that never answers). Callers set the ports (tests) and the cancel flag.
ProbeOptions advisor_web_options();

// Whether a web server answers for `domain` at the first IPv4 address of `addresses` (else the
// first IPv6 one): http:// first, https:// when http:// gets no answer (any certificate; only
// the answer counts). The hosts file is not used (site_probe.h). libcurl is loaded here, on first use.
WebAnswer check_web_answer(const std::string& domain, const std::vector<std::string>& addresses, const ProbeOptions& options);

// DNS, then the web check when DNS has an address for the host: every hint the advisor offers.
// Blocking (seconds); `web.cancel` stops the web check.
AdvisorDns query_advisor(const std::string& domain, const QueryOptions& dns, const ProbeOptions& web);

}  // namespace fshosts::probe
