#include "probe/dns_query.h"

#include "base/error.h"
#include "base/i18n.h"
#include "platform/sockets.h"

#include <ares.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

namespace fshosts::probe {
namespace {

constexpr int class_in = 1;
constexpr int type_a = 1, type_cname = 5, type_mx = 15, type_txt = 16, type_aaaa = 28;

int wire_type(RecordType type) noexcept
{
    switch (type) {
    case RecordType::A: return type_a;
    case RecordType::AAAA: return type_aaaa;
    case RecordType::CNAME: return type_cname;
    case RecordType::MX: return type_mx;
    case RecordType::TXT: return type_txt;
    }
    return type_a;
}

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

bool same_name(std::string_view a, std::string_view b) { return lower(a) == lower(b); }

// c-ares once per process (and the system's socket library where it needs starting).
void start_cares()
{
    static std::once_flag once;
    static int status = ARES_SUCCESS;
    std::call_once(once, [] {
        platform::start_sockets();
        status = ares_library_init(ARES_LIB_INIT_ALL);
    });
    if (status != ARES_SUCCESS)
        throw Error(ErrorKind::Io, trf("Cannot start the DNS resolver library (c-ares): {0}", ares_strerror(status)));
}

using Channel = std::unique_ptr<std::remove_pointer_t<ares_channel>, decltype(&ares_destroy)>;

Channel open_channel(const QueryOptions& o)
{
    start_cares();
    ares_options opts{};
    opts.timeout = static_cast<int>(o.timeout.count());
    opts.tries = std::max(1, o.tries);
    char lookups[] = "b";  // never the hosts file, even for calls that would read it
    opts.lookups = lookups;
    ares_channel raw = nullptr;
    const int status = ares_init_options(&raw, &opts, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_LOOKUPS);
    if (status != ARES_SUCCESS)
        throw Error(ErrorKind::Io, trf("Cannot start the DNS resolver (c-ares): {0}", ares_strerror(status)));
    Channel channel(raw, &ares_destroy);
    if (o.server) {
        ares_addr_port_node node{};
        node.family = o.server->ipv6 ? AF_INET6 : AF_INET;
        void* where = o.server->ipv6 ? static_cast<void*>(&node.addr.addr6) : static_cast<void*>(&node.addr.addr4);
        if (ares_inet_pton(node.family, o.server->address.c_str(), where) != 1)
            throw Error(ErrorKind::BadInput, trf("Not an IP address: {0}", o.server->address));
        node.udp_port = o.server->port;
        node.tcp_port = o.server->port;
        if (const int s = ares_set_servers_ports(channel.get(), &node); s != ARES_SUCCESS)
            throw Error(ErrorKind::Io, trf("Cannot use the DNS server {0}: {1}", to_string(*o.server), ares_strerror(s)));
    }
    return channel;
}

std::string server_text(const QueryOptions& o)
{
    return o.server ? to_string(*o.server) : std::string(_("the system's DNS servers"));
}

std::uint16_t read16(const unsigned char* p) { return static_cast<std::uint16_t>((p[0] << 8) | p[1]); }

// The name at `p` (compressed names followed), advancing `p`; nullopt on a malformed message.
std::optional<std::string> expand_name(const unsigned char*& p, const unsigned char* buf, int len)
{
    char* name = nullptr;
    long used = 0;
    if (ares_expand_name(p, buf, len, &name, &used) != ARES_SUCCESS)
        return std::nullopt;
    std::string out(name);
    ares_free_string(name);
    p += used;
    return out;
}

// Fills the chain and records of `a` from a DNS message. Answers that do not parse leave `a` as is.
void parse_message(DnsAnswer& a, const unsigned char* buf, int len)
{
    if (buf == nullptr || len < 12)
        return;
    const unsigned char* end = buf + len;
    const unsigned char* p = buf + 12;
    const int questions = read16(buf + 4), answers = read16(buf + 6);
    for (int i = 0; i < questions; ++i) {
        if (!expand_name(p, buf, len) || end - p < 4)
            return;
        p += 4;
    }
    struct Record {
        std::string owner;
        int type;
        const unsigned char* data;
        int size;
    };
    std::vector<Record> records;
    std::map<std::string, std::string> cnames;  // lower-case owner -> target
    for (int i = 0; i < answers; ++i) {
        std::optional<std::string> owner = expand_name(p, buf, len);
        if (!owner || end - p < 10)
            return;
        const int type = read16(p), size = read16(p + 8);
        p += 10;
        if (end - p < size)
            return;
        if (type == type_cname) {
            const unsigned char* q = p;
            if (std::optional<std::string> target = expand_name(q, buf, len))
                cnames.emplace(lower(*owner), *target);
        }
        records.push_back({*owner, type, p, size});
        p += size;
    }
    std::string current = a.name;
    while (cnames.count(lower(current)) && a.cname_chain.size() < 16) {
        if (a.cname_chain.empty())
            a.cname_chain.push_back(a.name);
        current = cnames[lower(current)];
        a.cname_chain.push_back(current);
    }
    const int wanted = wire_type(a.type);
    for (const Record& r : records) {
        if (r.type != wanted || !same_name(r.owner, current))
            continue;
        char text[64] = {};
        if ((r.type == type_a && r.size == 4) || (r.type == type_aaaa && r.size == 16)) {
            if (ares_inet_ntop(r.type == type_a ? AF_INET : AF_INET6, r.data, text, sizeof text))
                a.addresses.emplace_back(text);
        } else if (r.type == type_mx && r.size > 2) {
            const unsigned char* q = r.data + 2;
            if (std::optional<std::string> host = expand_name(q, buf, len))
                a.mx.push_back({read16(r.data), *host});
        } else if (r.type == type_txt) {
            std::string joined;
            for (const unsigned char* q = r.data; q < r.data + r.size && q + 1 + *q <= r.data + r.size; q += 1 + *q)
                joined.append(reinterpret_cast<const char*>(q + 1), *q);
            a.txt.push_back(std::move(joined));
        }
    }
    // A CNAME question is answered by the chain itself (asked through the first link only).
    if (a.type == RecordType::CNAME && a.cname_chain.size() > 2)
        a.cname_chain.resize(2);
}

std::string message_for(const DnsAnswer& a, const QueryOptions& o, int cares_status)
{
    const std::string server = server_text(o);
    const std::string type(to_string(a.type));
    switch (a.status) {
    case DnsStatus::Ok: return {};
    case DnsStatus::NxDomain: return trf("{0} does not exist in DNS (NXDOMAIN; asked {1}).", a.name, server);
    case DnsStatus::NoData: return trf("{0} has no {1} record in DNS (asked {2}).", a.name, type, server);
    case DnsStatus::ServerFailure: return trf("The DNS server ({1}) could not answer for {0} (SERVFAIL).", a.name, server);
    case DnsStatus::Refused: return trf("The DNS server ({1}) refused to answer for {0}.", a.name, server);
    case DnsStatus::Timeout:
        return trf("No answer from {1} for {0} in time: check the network connection or the DNS server.", a.name, server);
    case DnsStatus::Unreachable:
        return trf("{1} gave no answer for {0} (unreachable, or it refused the question): check the network connection or "
                   "the DNS server.",
                   a.name, server);
    case DnsStatus::Failed: break;
    }
    return trf("The DNS lookup of {0} failed ({1}): {2}", a.name, server, ares_strerror(cares_status));
}

DnsStatus status_of(int cares_status) noexcept
{
    switch (cares_status) {
    case ARES_SUCCESS: return DnsStatus::Ok;
    case ARES_ENODATA: return DnsStatus::NoData;
    case ARES_ENOTFOUND: return DnsStatus::NxDomain;
    case ARES_ESERVFAIL: return DnsStatus::ServerFailure;
    case ARES_EREFUSED: return DnsStatus::Refused;
    case ARES_ETIMEOUT:
    case ARES_ECANCELLED: return DnsStatus::Timeout;  // cancelled: our overall deadline passed
    case ARES_ECONNREFUSED: return DnsStatus::Unreachable;
    default: return DnsStatus::Failed;
    }
}

struct Pending {
    DnsAnswer* answer;
    const QueryOptions* options;
    int* outstanding;
};

void on_answer(void* arg, int cares_status, int /*timeouts*/, unsigned char* buf, int len)
{
    auto* p = static_cast<Pending*>(arg);
    DnsAnswer& a = *p->answer;
    a.status = status_of(cares_status);
    if (a.status == DnsStatus::Ok || a.status == DnsStatus::NxDomain)
        parse_message(a, buf, len);
    const bool has_records = !a.addresses.empty() || !a.mx.empty() || !a.txt.empty() ||
                             (a.type == RecordType::CNAME && !a.cname_chain.empty());
    if (a.status == DnsStatus::Ok && !has_records)
        a.status = DnsStatus::NoData;  // e.g. only a CNAME to a name without this type
    a.error = message_for(a, *p->options, cares_status);
    --*p->outstanding;
}

}  // namespace

DnsServer parse_dns_server(std::string_view text)
{
    const auto bad = [&](const char* why) {
        return Error(ErrorKind::BadInput,
                     trf("Invalid DNS server \"{0}\": {1} Write HOST or HOST:PORT with an IP address, e.g. 192.0.2.53:5353 or [2001:db8::53]:5353.",
                         std::string(text), tr(why)));
    };
    DnsServer s;
    std::string_view host = text, port;
    if (!text.empty() && text.front() == '[') {
        const std::size_t close = text.find(']');
        if (close == std::string_view::npos)
            throw bad(N_("the closing ] is missing."));
        host = text.substr(1, close - 1);
        std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':')
                throw bad(N_("only :PORT may follow the ]."));
            port = rest.substr(1);
            if (port.empty())
                throw bad(N_("the port is missing after the colon."));
        }
        s.ipv6 = true;
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        host = text.substr(0, text.find(':'));
        port = text.substr(text.find(':') + 1);
        if (port.empty())
            throw bad(N_("the port is missing after the colon."));
    } else if (std::count(text.begin(), text.end(), ':') > 1) {
        s.ipv6 = true;  // a bare IPv6 address; with a port it needs brackets
    }
    if (host.empty())
        throw bad(N_("the address is missing."));
    unsigned char buf[16];
    const std::string host_s(host);
    if (ares_inet_pton(s.ipv6 ? AF_INET6 : AF_INET, host_s.c_str(), buf) != 1)
        throw bad(s.ipv6 ? N_("this is not an IPv6 address.") : N_("this is not an IPv4 address (a host name cannot be used)."));
    s.address = *canonical_address(host_s);
    if (!port.empty()) {
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (ec != std::errc() || end != port.data() + port.size() || value == 0 || value > 65535)
            throw bad(N_("the port must be a number from 1 to 65535."));
        s.port = static_cast<std::uint16_t>(value);
    }
    return s;
}

std::string to_string(const DnsServer& server)
{
    return (server.ipv6 ? "[" + server.address + "]" : server.address) + ":" + std::to_string(server.port);
}

std::string_view to_string(RecordType type) noexcept
{
    switch (type) {
    case RecordType::A: return "A";
    case RecordType::AAAA: return "AAAA";
    case RecordType::CNAME: return "CNAME";
    case RecordType::MX: return "MX";
    case RecordType::TXT: return "TXT";
    }
    return "?";
}

std::string_view to_string(DnsStatus status) noexcept
{
    switch (status) {
    case DnsStatus::Ok: return "ok";
    case DnsStatus::NoData: return "no_data";
    case DnsStatus::NxDomain: return "nxdomain";
    case DnsStatus::ServerFailure: return "server_failure";
    case DnsStatus::Refused: return "refused";
    case DnsStatus::Timeout: return "timeout";
    case DnsStatus::Unreachable: return "unreachable";
    case DnsStatus::Failed: return "failed";
    }
    return "failed";
}

std::optional<std::string> canonical_address(std::string_view address)
{
    const std::string s(address);
    unsigned char buf[16];
    char text[64] = {};
    for (int family : {AF_INET, AF_INET6})
        if (ares_inet_pton(family, s.c_str(), buf) == 1 && ares_inet_ntop(family, buf, text, sizeof text))
            return std::string(text);
    return std::nullopt;
}

std::vector<DnsAnswer> query_dns(const std::vector<Question>& questions, const QueryOptions& options)
{
    std::vector<DnsAnswer> answers(questions.size());
    if (questions.empty())
        return answers;
    Channel channel = open_channel(options);
    int outstanding = static_cast<int>(questions.size());
    std::vector<Pending> pending(questions.size());
    for (std::size_t i = 0; i < questions.size(); ++i) {
        answers[i].name = questions[i].name;
        answers[i].type = questions[i].type;
        pending[i] = {&answers[i], &options, &outstanding};
    }
    for (std::size_t i = 0; i < questions.size(); ++i)  // a callback may run at once (bad name)
        ares_query(channel.get(), questions[i].name.c_str(), class_in, wire_type(questions[i].type), on_answer, &pending[i]);

    // Every server tried `tries` times with a growing timeout: a generous bound, after which
    // whatever is still open is cancelled (reported as a timeout).
    const auto deadline = std::chrono::steady_clock::now() + options.timeout * (4 * std::max(1, options.tries)) +
                          std::chrono::seconds(1);
    while (outstanding > 0) {
        if (std::chrono::steady_clock::now() >= deadline) {
            ares_cancel(channel.get());
            break;
        }
        fd_set readers, writers;
        FD_ZERO(&readers);
        FD_ZERO(&writers);
        const int nfds = ares_fds(channel.get(), &readers, &writers);
        timeval limit{0, 100 * 1000};
        timeval wait{};
        const timeval* next = ares_timeout(channel.get(), &limit, &wait);
        if (nfds > 0)
            select(nfds, &readers, &writers, nullptr, const_cast<timeval*>(next));
        else  // nothing to wait on (not expected while a query is open): do not spin
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        ares_process(channel.get(), &readers, &writers);
    }
    return answers;
}

DnsAnswer query_dns(const std::string& name, RecordType type, const QueryOptions& options)
{
    return query_dns(std::vector<Question>{{name, type}}, options).front();
}

}  // namespace fshosts::probe
