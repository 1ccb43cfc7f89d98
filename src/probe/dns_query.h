// Direct DNS queries with c-ares, bypassing the hosts file: what public DNS says about a name
// (A, AAAA, CNAME chain, MX, TXT), from the system's resolvers or a server the user names.
// Only ares_query is used: c-ares reads the hosts file for ares_gethostbyname/ares_getaddrinfo
// alone, so a preview line in the hosts file never colours these answers.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fshosts::probe {

// A DNS server given on the command line: an IPv4 or IPv6 address and a port.
struct DnsServer {
    std::string address;  // as written, without brackets
    std::uint16_t port = 53;
    bool ipv6 = false;
};

// Parses HOST[:PORT]: "192.0.2.53", "192.0.2.53:5353", "2001:db8::53", "[2001:db8::53]:5353".
// HOST must be an address (a name would need DNS to find DNS). Throws Error(BadInput).
DnsServer parse_dns_server(std::string_view text);

// "192.0.2.53:5353", "[2001:db8::53]:5353": the server as the user reads it.
std::string to_string(const DnsServer& server);

enum class RecordType { A, AAAA, CNAME, MX, TXT };

std::string_view to_string(RecordType type) noexcept;

// How a query ended. NxDomain: the name does not exist; NoData: it exists without records of
// that type; Timeout / Unreachable: no server answered (offline, blocked, wrong server).
enum class DnsStatus { Ok, NoData, NxDomain, ServerFailure, Refused, Timeout, Unreachable, Failed };

std::string_view to_string(DnsStatus status) noexcept;  // "ok", "no_data", "nxdomain", ...

struct MxRecord {
    int preference = 0;
    std::string host;
};

struct DnsAnswer {
    std::string name;  // the name asked for
    RecordType type = RecordType::A;
    DnsStatus status = DnsStatus::Failed;
    // The CNAME chain from `name`, in order: {"www.example.jp", "shop.example.net", ...}; empty
    // when `name` has no CNAME. The last name is the one the records belong to.
    std::vector<std::string> cname_chain;
    std::vector<std::string> addresses;  // A / AAAA, in the canonical text form
    std::vector<MxRecord> mx;
    std::vector<std::string> txt;        // each record's strings joined
    std::string error;                   // the user-facing message when status is not Ok

    bool ok() const noexcept { return status == DnsStatus::Ok; }
    // Whether DNS answered at all (a record, or a definite "no such record/name").
    bool answered() const noexcept { return ok() || status == DnsStatus::NoData || status == DnsStatus::NxDomain; }
};

struct QueryOptions {
    std::optional<DnsServer> server;  // none: the system's resolvers
    // Per server, the first try waits `timeout`, the second twice that: about 3 s in all for a
    // server that never answers (status --check-dns stays short when offline; an unreachable
    // server, ICMP refused, is reported at once).
    std::chrono::milliseconds timeout{1000};
    int tries = 2;
};

struct Question {
    std::string name;
    RecordType type = RecordType::A;
};

// Sends every question at once through one c-ares channel and waits for all answers (at most
// about tries x servers x timeout). Never throws for DNS failures: each answer says its status.
// Throws Error(Io) when c-ares cannot start (no memory, no usable resolver configuration).
std::vector<DnsAnswer> query_dns(const std::vector<Question>& questions, const QueryOptions& options);

// One question.
DnsAnswer query_dns(const std::string& name, RecordType type, const QueryOptions& options);

// The canonical text of an IPv4 or IPv6 address ("2001:DB8:0::1" -> "2001:db8::1"), or nullopt.
std::optional<std::string> canonical_address(std::string_view address);

}  // namespace fshosts::probe
