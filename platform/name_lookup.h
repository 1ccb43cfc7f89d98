// The system resolver's answer for a name (the hosts file, then DNS, as every program gets it):
// what `fshosts verify` checks after a preview is written.
#pragma once

#include <string>
#include <vector>

namespace fshosts::platform {

struct NameLookup {
    std::vector<std::string> addresses;  // numeric, IPv4 and IPv6 (RFC 5952), each once, in the resolver's order
    std::string error;                   // "" when the lookup worked; else the resolver's reason, for people
    bool not_found = false;              // the resolver knows no address for the name (not an outage)
};

// getaddrinfo(name, AF_UNSPEC) as an application calls it (AI_ADDRCONFIG off, so an IPv6 answer
// is seen even where this computer has no IPv6 route). Windows: Winsock is started for the call.
NameLookup lookup_name(const std::string& name);

}  // namespace fshosts::platform
