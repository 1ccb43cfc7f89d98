#include "probe/probe_json.h"

#include "core/helper_protocol.h"

namespace fshosts::probe {
namespace {

using nlohmann::json;

// Text from the network (headers, certificate fields) may be any bytes: JSON gets valid UTF-8.
json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(json_message(s)); }
json text(const std::string& s) { return json_message(s); }

json certificate_json(const CertificateInfo& c)
{
    return {{"subject", text(c.subject)},
            {"issuer", text(c.issuer)},
            {"dns_names", c.dns_names},
            {"not_before", or_null(c.not_before)},
            {"not_after", or_null(c.not_after)},
            {"sha256", or_null(c.sha256)},
            {"covers_domain", c.covers_domain ? json(*c.covers_domain) : json(nullptr)},
            {"trusted", c.trusted},
            {"verify_error", or_null(c.verify_error)}};
}

json scheme_json(const SchemeResult& r)
{
    json j{{"url", r.url},
           {"reached", r.reached},
           {"status", r.reached ? json(r.status) : json(nullptr)},
           {"server", r.reached ? text(r.server) : json(nullptr)},
           {"location", or_null(r.location)},
           {"primary_ip", or_null(r.primary_ip)},
           {"error", nullptr}};
    if (!r.reached)
        j["error"] = {{"kind", r.error_kind}, {"message", r.error}, {"detail", r.detail}};
    if (r.scheme == "https") {
        j["hsts"] = r.hsts;
        j["certificate"] = r.certificate ? certificate_json(*r.certificate) : json(nullptr);
    }
    return j;
}

json findings_json(const std::vector<Finding>& findings)
{
    json out = json::array();
    for (const Finding& f : findings)
        out.push_back({{"kind", f.kind}, {"problem", f.problem}, {"message", f.message}});
    return out;
}

}  // namespace

json to_json(const SiteProbe& probe, const std::vector<Finding>& findings)
{
    return {{"domain", probe.domain},
            {"address", or_null(probe.address)},
            {"http", scheme_json(probe.http)},
            {"https", scheme_json(probe.https)},
            {"findings", findings_json(findings)},
            {"passed", passed(findings)}};
}

json to_json(const PreviewVerify& verify)
{
    json names = json::array();
    for (const NameVerify& v : verify.names) {
        const SchemeResult& through = v.system.https.reached ? v.system.https : v.system.http;
        names.push_back({{"name", v.entry.name},
                         {"address", v.entry.address},
                         {"resolved", v.resolved},
                         {"lookup_error", or_null(v.lookup_error)},
                         {"other_addresses", v.other_addresses},
                         {"suggested_lines", v.suggested_lines},
                         {"connected_to", or_null(through.primary_ip)},
                         {"same_server", v.same_server},
                         {"direct", to_json(v.direct, findings(v.direct))},
                         {"system", to_json(v.system, findings(v.system))},
                         {"findings", findings_json(v.findings)},
                         {"passed", passed(v.findings)}});
    }
    return {{"names", names}, {"passed", verify.passed}};
}

json to_json(const std::vector<Pitfall>& pitfalls)
{
    json out = json::array();
    for (const Pitfall& p : pitfalls) {
        json item{{"id", p.id}, {"certain", p.certain}};
        put_text(item, "where", p.where);  // a file path may not be UTF-8
        put_text(item, "title", p.title);
        put_text(item, "message", p.message);
        put_text(item, "fix", p.fix);
        out.push_back(std::move(item));
    }
    return out;
}

}  // namespace fshosts::probe
