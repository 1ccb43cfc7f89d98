// Whether the DNS switch has happened for the names of a preview: public DNS (asked directly,
// bypassing the hosts file) reaches the same server as the hosts entry. Then the preview line is
// no longer needed and should be reverted, or the PC keeps a mapping that will go stale.
#pragma once

#include "probe/dns_query.h"

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace fshosts::probe {

// The HTTP/TLS check of src/probe/site_probe.h (answers_like_preview): whether the server at
// `dns_address` answers for `domain` like the one at `preview_address`; nullopt when it cannot
// tell (no answer from one of them). Injected, so this file does no HTTP itself.
using AnswersLikePreview = std::function<std::optional<bool>(const std::string& domain, const std::string& dns_address,
                                                            const std::string& preview_address)>;

enum class SwitchState { Switched, NotSwitched, Unknown };
// Which test decided: the same address in DNS as in the hosts entry, the HTTP/TLS probe
// through a DNS address (a CNAME to several servers), or none (could not tell, or DNS has no
// address for the name).
enum class SwitchTest { SameAddress, HttpProbe, None };

std::string_view to_string(SwitchState state) noexcept;  // "switched", "not_switched", "unknown"
std::string_view to_string(SwitchTest test) noexcept;    // "same_address", "http_probe", "none"

struct SwitchVerdict {
    std::string name;
    std::string preview_address;
    SwitchState state = SwitchState::Unknown;
    SwitchTest decided_by = SwitchTest::None;
    std::vector<std::string> dns_addresses;  // A and AAAA from public DNS
    std::vector<std::string> cname_chain;    // from the name, when it is a CNAME
    std::string message;                     // translated: the verdict and why
};

// The decision from the A and AAAA answers for `name`. `answers_like_preview` may be empty
// (then a CNAME to other addresses cannot be decided). At most four addresses are probed.
SwitchVerdict decide_switch(const std::string& name, const std::string& preview_address, const DnsAnswer& a,
                            const DnsAnswer& aaaa, const AnswersLikePreview& answers_like_preview);

struct ManagedName {
    std::string name;
    std::string address;
};

// Asks DNS for A and AAAA of every name (all at once) and decides each.
std::vector<SwitchVerdict> check_dns_switch(const std::vector<ManagedName>& names, const QueryOptions& options,
                                            const AnswersLikePreview& answers_like_preview);

// The advice when the switch is done: "the DNS switch is done — the preview line is no longer
// needed; revert it".
std::string switch_done_message();

}  // namespace fshosts::probe
