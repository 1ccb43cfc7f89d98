// The DNS-switch decision with injected answers and an injected "answers like preview" check,
// and the DNS server argument parser.
#include "catch.h"

#include "base/error.h"
#include "probe/dns_query.h"
#include "probe/dns_switch.h"

#include <string>
#include <vector>

using namespace fshosts::probe;

namespace {

DnsAnswer answer(RecordType type, DnsStatus status, std::vector<std::string> addresses = {}, std::vector<std::string> chain = {})
{
    DnsAnswer a;
    a.name = "www.example.jp";
    a.type = type;
    a.status = status;
    a.addresses = std::move(addresses);
    a.cname_chain = std::move(chain);
    a.error = "ERROR-TEXT";
    return a;
}

const DnsAnswer no_aaaa = answer(RecordType::AAAA, DnsStatus::NoData);

struct FakeProbe {
    std::optional<bool> result;
    std::vector<std::string> asked{};  // "domain dns_address preview_address"
    AnswersLikePreview function()
    {
        return [this](const std::string& d, const std::string& dns, const std::string& preview) {
            asked.push_back(d + " " + dns + " " + preview);
            return result;
        };
    }
};

}  // namespace

TEST_CASE("switch: the preview address in public DNS decides at once, without a probe")
{
    FakeProbe probe{false};
    const SwitchVerdict v = decide_switch("www.example.jp", "203.0.113.10",
                                          answer(RecordType::A, DnsStatus::Ok, {"203.0.113.10"}), no_aaaa, probe.function());
    CHECK(v.state == SwitchState::Switched);
    CHECK(v.decided_by == SwitchTest::SameAddress);
    CHECK(probe.asked.empty());
    CHECK(v.message ==
          "www.example.jp: public DNS returns the preview address 203.0.113.10. The DNS switch is done — the preview line "
          "is no longer needed; revert it.");
}

TEST_CASE("switch: an IPv6 preview address matches in any spelling, through AAAA")
{
    const SwitchVerdict v = decide_switch("www.example.jp", "2001:DB8:0:0::10", answer(RecordType::A, DnsStatus::Ok, {"192.0.2.1"}),
                                          answer(RecordType::AAAA, DnsStatus::Ok, {"2001:db8::10"}), {});
    CHECK(v.state == SwitchState::Switched);
    CHECK(v.preview_address == "2001:db8::10");
    CHECK(v.dns_addresses == std::vector<std::string>{"192.0.2.1", "2001:db8::10"});
}

TEST_CASE("switch: another address without a CNAME is the old server: not switched, by the address test")
{
    FakeProbe probe{true};
    const SwitchVerdict v = decide_switch("www.example.jp", "203.0.113.10", answer(RecordType::A, DnsStatus::Ok, {"192.0.2.10"}),
                                          no_aaaa, probe.function());
    CHECK(v.state == SwitchState::NotSwitched);
    CHECK(v.decided_by == SwitchTest::SameAddress);
    CHECK(probe.asked.empty());  // no CNAME: the probe is not asked
    CHECK(v.message.find("keep the preview line") != std::string::npos);
}

TEST_CASE("switch: no address in DNS is not switched; no answer at all is could-not-tell")
{
    const SwitchVerdict nx = decide_switch("www.example.jp", "203.0.113.10", answer(RecordType::A, DnsStatus::NxDomain),
                                           answer(RecordType::AAAA, DnsStatus::NxDomain), {});
    CHECK(nx.state == SwitchState::NotSwitched);
    CHECK(nx.decided_by == SwitchTest::None);

    const SwitchVerdict timeout = decide_switch("www.example.jp", "203.0.113.10", answer(RecordType::A, DnsStatus::Timeout),
                                                answer(RecordType::AAAA, DnsStatus::Timeout), {});
    CHECK(timeout.state == SwitchState::Unknown);
    CHECK(timeout.decided_by == SwitchTest::None);
    CHECK(timeout.message == "www.example.jp: could not tell whether the DNS switch happened: ERROR-TEXT");

    // A answered with another address, AAAA timed out: the preview could be behind AAAA.
    const SwitchVerdict half = decide_switch("www.example.jp", "2001:db8::10", answer(RecordType::A, DnsStatus::Ok, {"192.0.2.10"}),
                                             answer(RecordType::AAAA, DnsStatus::Unreachable), {});
    CHECK(half.state == SwitchState::Unknown);
}

TEST_CASE("switch: a CNAME to other addresses is decided by the injected probe")
{
    const std::vector<std::string> chain{"www.example.jp", "shops.futureshop.example"};
    const DnsAnswer a = answer(RecordType::A, DnsStatus::Ok, {"203.0.113.21", "203.0.113.22"}, chain);

    FakeProbe like{true};
    const SwitchVerdict switched = decide_switch("www.example.jp", "203.0.113.10", a, no_aaaa, like.function());
    CHECK(switched.state == SwitchState::Switched);
    CHECK(switched.decided_by == SwitchTest::HttpProbe);
    CHECK(switched.cname_chain == chain);
    CHECK(like.asked == std::vector<std::string>{"www.example.jp 203.0.113.21 203.0.113.10"});
    CHECK(switched.message.find("www.example.jp -> shops.futureshop.example") != std::string::npos);
    CHECK(switched.message.find("The DNS switch is done") != std::string::npos);

    FakeProbe unlike{false};
    const SwitchVerdict not_switched = decide_switch("www.example.jp", "203.0.113.10", a, no_aaaa, unlike.function());
    CHECK(not_switched.state == SwitchState::NotSwitched);
    CHECK(not_switched.decided_by == SwitchTest::HttpProbe);
    CHECK(unlike.asked.size() == 2);  // every address was tried

    FakeProbe silent{std::nullopt};
    const SwitchVerdict unknown = decide_switch("www.example.jp", "203.0.113.10", a, no_aaaa, silent.function());
    CHECK(unknown.state == SwitchState::Unknown);
    CHECK(unknown.decided_by == SwitchTest::None);

    const SwitchVerdict no_probe = decide_switch("www.example.jp", "203.0.113.10", a, no_aaaa, {});
    CHECK(no_probe.state == SwitchState::Unknown);
    CHECK(no_probe.message.find("could not be checked here") != std::string::npos);
}

TEST_CASE("switch: at most four addresses of a CNAME are probed")
{
    const DnsAnswer a = answer(RecordType::A, DnsStatus::Ok,
                               {"203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5", "203.0.113.6"},
                               {"www.example.jp", "lb.example.net"});
    FakeProbe unlike{false};
    CHECK(decide_switch("www.example.jp", "203.0.113.10", a, no_aaaa, unlike.function()).state == SwitchState::NotSwitched);
    CHECK(unlike.asked.size() == 4);
}

TEST_CASE("switch states and tests as JSON values")
{
    CHECK(to_string(SwitchState::Switched) == "switched");
    CHECK(to_string(SwitchState::NotSwitched) == "not_switched");
    CHECK(to_string(SwitchState::Unknown) == "unknown");
    CHECK(to_string(SwitchTest::SameAddress) == "same_address");
    CHECK(to_string(SwitchTest::HttpProbe) == "http_probe");
    CHECK(to_string(SwitchTest::None) == "none");
}

TEST_CASE("dns server argument: IPv4, IPv4:port, IPv6, [IPv6]:port")
{
    DnsServer s = parse_dns_server("192.0.2.53");
    CHECK(s.address == "192.0.2.53");
    CHECK(s.port == 53);
    CHECK_FALSE(s.ipv6);
    CHECK(to_string(s) == "192.0.2.53:53");

    s = parse_dns_server("127.0.0.1:5353");
    CHECK(s.address == "127.0.0.1");
    CHECK(s.port == 5353);

    s = parse_dns_server("2001:DB8:0::53");
    CHECK(s.ipv6);
    CHECK(s.address == "2001:db8::53");
    CHECK(s.port == 53);

    s = parse_dns_server("[::1]:65535");
    CHECK(s.ipv6);
    CHECK(s.address == "::1");
    CHECK(s.port == 65535);
    CHECK(to_string(s) == "[::1]:65535");

    CHECK(parse_dns_server("[2001:db8::1]").port == 53);
}

TEST_CASE("dns server argument: what is refused, with the reason")
{
    const auto refused = [](const std::string& text) {
        try {
            parse_dns_server(text);
        } catch (const fshosts::Error& e) {
            CHECK(e.kind() == fshosts::ErrorKind::BadInput);
            return std::string(e.what());
        }
        FAIL("accepted: " << text);
        return std::string();
    };
    CHECK(refused("dns.google").find("not an IPv4 address (a host name cannot be used)") != std::string::npos);
    CHECK(refused("dns.google:53").find("a host name cannot be used") != std::string::npos);
    CHECK(refused("").find("the address is missing") != std::string::npos);
    CHECK(refused("127.0.0.1:").find("the port is missing") != std::string::npos);
    CHECK(refused("127.0.0.1:0").find("from 1 to 65535") != std::string::npos);
    CHECK(refused("127.0.0.1:65536").find("from 1 to 65535") != std::string::npos);
    CHECK(refused("127.0.0.1:53x").find("from 1 to 65535") != std::string::npos);
    CHECK(refused("127.0.0.1:-1").find("from 1 to 65535") != std::string::npos);
    CHECK(refused("[::1").find("the closing ] is missing") != std::string::npos);
    CHECK(refused("[::1]53").find("only :PORT may follow") != std::string::npos);
    CHECK(refused("[::1]:").find("the port is missing") != std::string::npos);
    CHECK(refused("[127.0.0.1]:53").find("not an IPv6 address") != std::string::npos);
    CHECK(refused("256.0.0.1").find("not an IPv4 address") != std::string::npos);
    CHECK(refused("fe80::1%eth0").find("not an IPv6 address") != std::string::npos);
}
