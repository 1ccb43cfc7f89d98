// The pure parts of the probes: RFC 6125 name matching, what an answer means (findings), the
// report, the --json shape, and what counts as the same server or address.
#include "catch.h"

#include "probe/preview_verify.h"
#include "probe/probe_json.h"
#include "probe/site_probe.h"

#include <algorithm>
#include <string>
#include <vector>

using namespace fshosts::probe;

namespace {

SchemeResult answer(const std::string& scheme, long status, const std::string& server)
{
    SchemeResult r;
    r.scheme = scheme;
    r.url = scheme + "://www.example.jp/";
    r.reached = true;
    r.status = status;
    r.server = server;
    r.primary_ip = "203.0.113.10";
    return r;
}

SchemeResult refused(const std::string& scheme)
{
    SchemeResult r;
    r.scheme = scheme;
    r.url = scheme + "://www.example.jp/";
    r.error_kind = "refused";
    r.error = "Nothing answers at 203.0.113.10:80 (connection refused or no route).";
    r.detail = "Failed to connect";
    return r;
}

CertificateInfo certificate(std::vector<std::string> names, bool trusted)
{
    CertificateInfo c;
    c.subject = "CN = " + names.front();
    c.issuer = "CN = AlphaSSL CA - SHA256 - G4";
    c.dns_names = std::move(names);
    c.not_after = "2027-12-03T12:00:00Z";
    c.sha256 = std::string(64, 'a');
    c.covers_domain = certificate_covers(c.dns_names, "www.example.jp");
    c.trusted = trusted;
    c.verify_error = trusted ? "" : "SSL certificate problem: unable to get local issuer certificate";
    return c;
}

SiteProbe good_probe()
{
    SiteProbe p;
    p.domain = "www.example.jp";
    p.address = "203.0.113.10";
    p.http = answer("http", 301, "nginx");
    p.http.location = "https://www.example.jp/";
    p.https = answer("https", 200, "nginx");
    p.https.certificate = certificate({"www.example.jp", "example.jp"}, true);
    return p;
}

std::vector<std::string> kinds(const std::vector<Finding>& found)
{
    std::vector<std::string> out;
    for (const Finding& f : found)
        out.push_back(f.kind);
    return out;
}

}  // namespace

TEST_CASE("certificate names match the domain as RFC 6125 and browsers say", "[probe]")
{
    CHECK(name_matches("www.example.jp", "www.example.jp"));
    CHECK(name_matches("WWW.Example.JP", "www.example.jp"));
    CHECK(name_matches("www.example.jp.", "www.example.jp"));
    CHECK_FALSE(name_matches("example.jp", "www.example.jp"));
    CHECK(name_matches("*.example.jp", "www.example.jp"));
    CHECK(name_matches("*.example.jp", "shop.example.jp"));
    CHECK_FALSE(name_matches("*.example.jp", "example.jp"));        // the wildcard is one whole label
    CHECK_FALSE(name_matches("*.example.jp", "a.b.example.jp"));    // and only one
    CHECK_FALSE(name_matches("*.jp", "example.jp"));                // not over a whole suffix
    CHECK_FALSE(name_matches("w*.example.jp", "www.example.jp"));   // no partial wildcards
    CHECK_FALSE(name_matches("www.*.jp", "www.example.jp"));        // only the left-most label
    CHECK_FALSE(name_matches("*.*.jp", "www.example.jp"));
    CHECK_FALSE(name_matches("", "www.example.jp"));
    // IDNs are compared in A-label form: 例え.jp is xn--r8jz45g.jp in a certificate.
    CHECK(name_matches("xn--r8jz45g.jp", "xn--r8jz45g.jp"));
    CHECK(name_matches("*.xn--r8jz45g.jp", "www.xn--r8jz45g.jp"));
    CHECK_FALSE(name_matches("例え.jp", "xn--r8jz45g.jp"));

    CHECK(certificate_covers({"example.jp", "*.example.jp"}, "www.example.jp"));
    CHECK(certificate_covers({"example.jp", "*.example.jp"}, "example.jp"));
    CHECK_FALSE(certificate_covers({"shop.example.net", "*.example.net"}, "www.example.jp"));
    CHECK_FALSE(certificate_covers({}, "www.example.jp"));
}

TEST_CASE("findings: what an answer means for the preview", "[probe]")
{
    SiteProbe p = good_probe();
    std::vector<Finding> found = findings(p);
    CHECK(passed(found));
    CHECK(kinds(found) == std::vector<std::string>{"redirect", "ok"});

    SECTION("a certificate for other names: a browser warning during the preview")
    {
        p.https.certificate = certificate({"shop.example.net"}, true);
        found = findings(p);
        CHECK_FALSE(passed(found));
        CHECK(kinds(found) == std::vector<std::string>{"certificate_not_covering", "redirect"});
        CHECK(found[0].message.find("shop.example.net") != std::string::npos);
        CHECK(found[0].message.find("certificate warning") != std::string::npos);
        CHECK(found[0].message.find("mail validation") != std::string::npos);
    }
    SECTION("an untrusted certificate")
    {
        p.https.certificate = certificate({"www.example.jp"}, false);
        found = findings(p);
        CHECK(kinds(found) == std::vector<std::string>{"certificate_untrusted", "redirect"});
        CHECK(found[0].message.find("unable to get local issuer certificate") != std::string::npos);
    }
    SECTION("no HTTPS yet")
    {
        p.https = refused("https");
        found = findings(p);
        CHECK_FALSE(passed(found));
        CHECK(kinds(found) == std::vector<std::string>{"https_unreachable", "redirect"});
    }
    SECTION("nothing answers")
    {
        p.http = refused("http");
        p.https = refused("https");
        found = findings(p);
        CHECK(kinds(found) == std::vector<std::string>{"unreachable"});
        CHECK(found[0].message.find("203.0.113.10") != std::string::npos);
    }
    SECTION("cancelled")
    {
        p.https.reached = false;
        p.https.error_kind = "cancelled";
        CHECK(kinds(findings(p)) == std::vector<std::string>{"cancelled"});
    }
}

TEST_CASE("the text report names each answer, the certificate and the findings", "[probe]")
{
    const SiteProbe p = good_probe();
    const std::string text = format_probe(p, findings(p));
    CHECK(text.find("www.example.jp at 203.0.113.10 (the hosts file is not used):\n") == 0);
    CHECK(text.find("  http://www.example.jp/: HTTP 301, server \"nginx\", connected to 203.0.113.10, redirect to "
                    "https://www.example.jp/\n") != std::string::npos);
    CHECK(text.find("    Certificate: CN = www.example.jp; names: www.example.jp, example.jp\n") != std::string::npos);
    CHECK(text.find("    Issuer: CN = AlphaSSL CA - SHA256 - G4; valid until 2027-12-03T12:00:00Z\n") != std::string::npos);
    CHECK(text.find("    Covers www.example.jp: yes; trusted: yes\n") != std::string::npos);
    CHECK(text.find("- The server at 203.0.113.10 answers for www.example.jp") != std::string::npos);
}

TEST_CASE("the --json shape of a probe", "[probe]")
{
    SiteProbe p = good_probe();
    p.http = refused("http");
    p.https.server = "nginx\xff";  // bytes from the network: JSON still gets valid UTF-8
    const nlohmann::json j = to_json(p, findings(p));
    CHECK(j.at("domain") == "www.example.jp");
    CHECK(j.at("address") == "203.0.113.10");
    CHECK(j.at("passed") == false);
    CHECK(j.at("http").at("reached") == false);
    CHECK(j.at("http").at("status").is_null());
    CHECK(j.at("http").at("error").at("kind") == "refused");
    CHECK_FALSE(j.at("http").contains("certificate"));
    CHECK(j.at("https").at("status") == 200);
    CHECK(j.at("https").at("error").is_null());
    CHECK(j.at("https").at("server") == "nginx\\xFF");
    const nlohmann::json& c = j.at("https").at("certificate");
    CHECK(c.at("dns_names") == nlohmann::json::array({"www.example.jp", "example.jp"}));
    CHECK(c.at("covers_domain") == true);
    CHECK(c.at("trusted") == true);
    CHECK(c.at("verify_error").is_null());
    CHECK(c.at("sha256") == std::string(64, 'a'));
    CHECK(j.at("findings").at(0).at("kind") == "http_unreachable");
    CHECK(j.at("findings").at(0).at("problem") == true);
    CHECK_NOTHROW(j.dump());
}

TEST_CASE("the same server: the certificate when both have one, else status and headers", "[probe]")
{
    const ServerIdentity preview = identity_of(good_probe());
    CHECK(preview.reached);
    CHECK(preview.status == 200);  // HTTPS answered: its identity
    CHECK(same_server(preview, preview));

    SiteProbe other = good_probe();
    other.https.certificate->sha256 = std::string(64, 'b');
    CHECK_FALSE(same_server(identity_of(other), preview));

    SiteProbe http_only = good_probe();
    http_only.https = refused("https");
    SiteProbe old = http_only;
    CHECK(same_server(identity_of(http_only), identity_of(old)));
    old.http.location = "https://old.example.jp/";
    CHECK_FALSE(same_server(identity_of(http_only), identity_of(old)));

    SiteProbe nothing = good_probe();
    nothing.http = refused("http");
    nothing.https = refused("https");
    CHECK_FALSE(identity_of(nothing).reached);
    CHECK_FALSE(same_server(identity_of(nothing), identity_of(nothing)));
}

TEST_CASE("addresses: an IPv4-mapped IPv6 address is the IPv4 address", "[probe]")
{
    CHECK(same_address("192.0.2.1", "192.0.2.1"));
    CHECK(same_address("::ffff:192.0.2.1", "192.0.2.1"));
    CHECK(same_address("192.0.2.1", "::ffff:192.0.2.1"));
    CHECK_FALSE(same_address("::1", "127.0.0.1"));
    CHECK_FALSE(same_address("192.0.2.10", "192.0.2.1"));
    CHECK_FALSE(same_address("", ""));
}
