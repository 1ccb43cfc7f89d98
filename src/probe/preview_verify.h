// The proof after apply (and `fshosts verify`): every name of the managed block resolves on this
// PC to the preview address only, and a normal request (through the system resolver) reaches the
// same server as a request sent straight to the preview address (the pre-flight probe).
#pragma once

#include "probe/site_probe.h"

#include <string>
#include <vector>

namespace fshosts::probe {

struct PreviewEntry {
    std::string name;
    std::string address;  // the preview address the managed block maps the name to
};

struct NameVerify {
    PreviewEntry entry;
    std::vector<std::string> resolved;         // getaddrinfo(AF_UNSPEC), in order
    std::string lookup_error;                  // "" when the lookup worked
    std::vector<std::string> other_addresses;  // resolved, but not the preview address
    // Hosts lines that make the resolver answer the other family with the preview server too
    // (the fix for an old server's IPv6 address next to an IPv4 preview; docs/probe.md).
    std::vector<std::string> suggested_lines;
    SiteProbe direct;         // sent to the preview address (the pre-flight's view)
    SiteProbe system;         // through the system resolver (what a browser does)
    bool same_server = false;  // the system request reached the preview address and answered like it
    std::vector<Finding> findings;
};

struct PreviewVerify {
    std::vector<NameVerify> names;
    bool passed = false;  // no finding of any name is a problem (and there is at least one name)
};

// Whether two numeric addresses are the same, counting an IPv4-mapped IPv6 address
// (::ffff:192.0.2.1) as the IPv4 address it holds.
bool same_address(const std::string& a, const std::string& b);

// Checks every entry (in order). Never throws for a network outcome.
PreviewVerify verify_preview(const std::vector<PreviewEntry>& entries, const ProbeOptions& options = {});

// The report the CLI prints (translated).
std::string format_verify(const PreviewVerify& verify);

}  // namespace fshosts::probe
