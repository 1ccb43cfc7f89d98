#include "probe/dns_switch.h"

#include "base/i18n.h"
#include "probe/join.h"

#include <algorithm>

namespace fshosts::probe {
namespace {

constexpr std::size_t max_probes = 4;

}  // namespace

std::string_view to_string(SwitchState state) noexcept
{
    switch (state) {
    case SwitchState::Switched: return "switched";
    case SwitchState::NotSwitched: return "not_switched";
    case SwitchState::Unknown: return "unknown";
    }
    return "unknown";
}

std::string_view to_string(SwitchTest test) noexcept
{
    switch (test) {
    case SwitchTest::SameAddress: return "same_address";
    case SwitchTest::HttpProbe: return "http_probe";
    case SwitchTest::None: return "none";
    }
    return "none";
}

std::string switch_done_message() { return _("The DNS switch is done — the preview line is no longer needed; revert it."); }

SwitchVerdict decide_switch(const std::string& name, const std::string& preview_address, const DnsAnswer& a,
                            const DnsAnswer& aaaa, const AnswersLikePreview& answers_like_preview)
{
    SwitchVerdict v;
    v.name = name;
    v.preview_address = canonical_address(preview_address).value_or(preview_address);
    for (const DnsAnswer* answer : {&a, &aaaa}) {
        for (const std::string& address : answer->addresses)
            if (std::find(v.dns_addresses.begin(), v.dns_addresses.end(), address) == v.dns_addresses.end())
                v.dns_addresses.push_back(address);
        if (v.cname_chain.empty())
            v.cname_chain = answer->cname_chain;
    }
    const std::string addresses = join(v.dns_addresses, ", ");

    if (std::find(v.dns_addresses.begin(), v.dns_addresses.end(), v.preview_address) != v.dns_addresses.end()) {
        v.state = SwitchState::Switched;
        v.decided_by = SwitchTest::SameAddress;
        v.message = trf("{0}: public DNS returns the preview address {1}. {2}", name, v.preview_address, switch_done_message());
        return v;
    }
    if (v.dns_addresses.empty()) {
        if (a.answered() && aaaa.answered()) {  // DNS answered: the name has no address there
            v.state = SwitchState::NotSwitched;
            v.message = trf("{0}: public DNS has no address for this name yet, so the DNS switch has not happened; keep the "
                            "preview line.",
                            name);
        } else {
            v.message = trf("{0}: could not tell whether the DNS switch happened: {1}", name, (a.answered() ? aaaa : a).error);
        }
        return v;
    }
    if (v.cname_chain.empty() && !(a.answered() && aaaa.answered())) {  // one family unknown: it may hold the address
        v.message = trf("{0}: could not tell whether the DNS switch happened: {1}", name, (a.answered() ? aaaa : a).error);
        return v;
    }
    if (v.cname_chain.empty()) {
        v.state = SwitchState::NotSwitched;
        v.decided_by = SwitchTest::SameAddress;
        v.message = trf("{0}: public DNS still returns {1}, not the preview address {2}: the DNS switch has not happened; "
                        "keep the preview line.",
                        name, addresses, v.preview_address);
        return v;
    }
    // A CNAME (futureshop serves a shop from several addresses): the same server answers?
    const std::string chain = join(v.cname_chain, " -> ");
    if (!answers_like_preview) {
        v.message = trf("{0}: public DNS returns {1} through the CNAME {2}, not the preview address {3}; whether that is "
                        "the same server could not be checked here.",
                        name, addresses, chain, v.preview_address);
        return v;
    }
    bool any_unknown = false;
    for (std::size_t i = 0; i < v.dns_addresses.size() && i < max_probes; ++i) {
        const std::optional<bool> same = answers_like_preview(name, v.dns_addresses[i], v.preview_address);
        if (same && *same) {
            v.state = SwitchState::Switched;
            v.decided_by = SwitchTest::HttpProbe;
            v.message = trf("{0}: public DNS leads through the CNAME {1} to {2}, which answers like the preview server {3}. {4}",
                            name, chain, v.dns_addresses[i], v.preview_address, switch_done_message());
            return v;
        }
        any_unknown = any_unknown || !same;
    }
    if (any_unknown) {
        v.message = trf("{0}: public DNS returns {1} through the CNAME {2}; could not tell whether it is the preview server "
                        "{3} (no answer over HTTP/HTTPS).",
                        name, addresses, chain, v.preview_address);
        return v;
    }
    v.state = SwitchState::NotSwitched;
    v.decided_by = SwitchTest::HttpProbe;
    v.message = trf("{0}: public DNS returns {1} through the CNAME {2}, and it answers unlike the preview server {3}: the "
                    "DNS switch has not happened; keep the preview line.",
                    name, addresses, chain, v.preview_address);
    return v;
}

std::vector<SwitchVerdict> check_dns_switch(const std::vector<ManagedName>& names, const QueryOptions& options,
                                            const AnswersLikePreview& answers_like_preview)
{
    std::vector<Question> questions;
    for (const ManagedName& n : names) {
        questions.push_back({n.name, RecordType::A});
        questions.push_back({n.name, RecordType::AAAA});
    }
    const std::vector<DnsAnswer> answers = query_dns(questions, options);
    std::vector<SwitchVerdict> verdicts;
    for (std::size_t i = 0; i < names.size(); ++i)
        verdicts.push_back(decide_switch(names[i].name, names[i].address, answers[2 * i], answers[2 * i + 1], answers_like_preview));
    return verdicts;
}

}  // namespace fshosts::probe
