#include "probe/preview_verify.h"

#include "base/i18n.h"
#include "platform/name_lookup.h"

#include <algorithm>

namespace fshosts::probe {
namespace {

std::string unmapped(const std::string& address)
{
    constexpr std::string_view prefix = "::ffff:";
    if (address.size() > prefix.size() && address.compare(0, prefix.size(), prefix) == 0 &&
        address.find('.') != std::string::npos)
        return address.substr(prefix.size());
    return address;
}

bool is_ipv6(const std::string& address) { return address.find(':') != std::string::npos; }

std::string join(const std::vector<std::string>& items)
{
    std::string out;
    for (const std::string& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

// The address a request through the resolver connected to: HTTPS when it answered, else HTTP.
const SchemeResult& answered(const SiteProbe& p) { return p.https.reached ? p.https : p.http; }

void judge(NameVerify& v)
{
    const std::string& name = v.entry.name;
    const std::string& preview = v.entry.address;
    auto problem = [&](const char* kind, std::string message) { v.findings.push_back({true, kind, std::move(message)}); };

    if (!v.lookup_error.empty()) {
        problem("not_resolved", trf("{0} does not resolve on this PC ({1}): the hosts entry is not in effect. Is "
                                    "this the hosts file the system uses?",
                                    name, v.lookup_error));
    } else if (std::none_of(v.resolved.begin(), v.resolved.end(), [&](const std::string& a) { return same_address(a, preview); })) {
        problem("wrong_address", trf("{0} resolves to {1} on this PC, not to the preview address {2}: the hosts entry is "
                                     "not in effect (a DNS cache, or another line that wins).",
                                     name, join(v.resolved), preview));
    } else if (!v.other_addresses.empty()) {
        std::string message = trf("{0} resolves to {1} besides the preview address {2}: browsers may connect there "
                                  "(the old server) instead. macOS does this when the hosts file has only an IPv4 "
                                  "line and DNS has an IPv6 address for the name.",
                                  name, join(v.other_addresses), preview);
        if (!v.suggested_lines.empty())
            message += "\n" + trf("Fix: add this line to the hosts file so that IPv6 lookups reach the preview server "
                                  "too, and remove it again at go-live: {0}",
                                  join(v.suggested_lines));
        else
            message += "\n" + trf("Fix: ask futureshop for the server's IPv4 address and map {0} to it as well.", name);
        problem("extra_addresses", std::move(message));
    }

    const SchemeResult& through = answered(v.system);
    const ServerIdentity direct = identity_of(v.direct);
    if (const std::vector<Finding> direct_findings = findings(v.direct);
        !direct_findings.empty() && direct_findings.front().kind == "unavailable") {
        v.findings.push_back(direct_findings.front());  // no request could be made
    } else if (!direct.reached) {
        problem("preview_unreachable", trf("The server at {0} does not answer for {1}: there is nothing to preview "
                                           "yet (see `fshosts probe`).",
                                           preview, name));
    } else if (!through.reached) {
        problem("system_unreachable", trf("A normal request for {0} on this PC gets no answer ({1}), although the "
                                          "server at {2} answers.",
                                          name, through.error, preview));
    } else if (!same_address(through.primary_ip, preview) || !same_server(identity_of(v.system), direct)) {
        problem("other_server", trf("A normal request for {0} on this PC reached {1}, not the preview server {2}: the "
                                    "browser may show the old site.",
                                    name, through.primary_ip, preview));
    } else {
        v.same_server = true;
    }
    if (std::none_of(v.findings.begin(), v.findings.end(), [](const Finding& f) { return f.problem; }))
        v.findings.push_back({false, "ok", trf("{0} resolves only to the preview address {1} and a normal request "
                                               "reaches the preview server.",
                                               name, preview)});
}

}  // namespace

bool same_address(const std::string& a, const std::string& b) { return !a.empty() && unmapped(a) == unmapped(b); }

PreviewVerify verify_preview(const std::vector<PreviewEntry>& entries, const ProbeOptions& options)
{
    PreviewVerify out;
    for (const PreviewEntry& entry : entries) {
        NameVerify v;
        v.entry = entry;
        const platform::NameLookup lookup = platform::lookup_name(entry.name);
        v.resolved = lookup.addresses;
        v.lookup_error = lookup.error;
        bool other_family = false;
        for (const std::string& a : v.resolved)
            if (!same_address(a, entry.address)) {
                v.other_addresses.push_back(a);
                other_family = other_family || is_ipv6(unmapped(a)) != is_ipv6(entry.address);
            }
        // An IPv4 preview next to an IPv6 answer: an IPv4-mapped IPv6 line for the name reaches
        // the same IPv4 server through IPv6 sockets (docs/probe.md).
        if (other_family && !is_ipv6(entry.address))
            v.suggested_lines.push_back("::ffff:" + entry.address + " " + entry.name);
        v.direct = probe_site(entry.name, entry.address, options);
        v.system = probe_site(entry.name, "", options);
        judge(v);
        out.names.push_back(std::move(v));
    }
    out.passed = !out.names.empty() && std::all_of(out.names.begin(), out.names.end(),
                                                   [](const NameVerify& v) { return passed(v.findings); });
    return out;
}

std::string format_verify(const PreviewVerify& verify)
{
    if (verify.names.empty())
        return std::string(_("No preview is active: fshosts has no entries in this file, so there is nothing to verify.")) + '\n';
    std::string out;
    for (const NameVerify& v : verify.names) {
        out += trf("{0} -> {1}: resolves to {2}", v.entry.name, v.entry.address,
                   v.resolved.empty() ? std::string("-") : join(v.resolved)) + '\n';
        for (const Finding& f : v.findings)
            out += (f.problem ? "! " : "- ") + f.message + '\n';
    }
    return out;
}

}  // namespace fshosts::probe
