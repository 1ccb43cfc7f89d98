// Turns what a user types or pastes (a URL, full-width text, an IDN, an address) into the exact
// ASCII text fshosts writes, or refuses with a message that says what is wrong.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fshosts {

// A lower-case ASCII LDH host name, at least two labels, IDNs as punycode (UTS#46).
// Accepts `https://www.example.jp/shop?x=1`, `WWW.EXAMPLE.JP.`, `ＷＷＷ．ＥＸＡＭＰＬＥ．ＪＰ`,
// `例え.jp`. Throws Error(BadInput) with a translated message on anything else.
std::string normalize_domain(std::string_view input);

// The other name of the www/apex pair: `www.example.jp` -> `example.jp` and back.
// nullopt when there is no valid twin (for example `www.jp`).
std::optional<std::string> twin_name(std::string_view normalized_domain);

// An IPv4 address in strict dotted-quad form or an IPv6 address written in RFC 5952 canonical
// form. Full-width digits are folded first. Refuses the unspecified address, multicast,
// broadcast and zone ids; loopback is allowed. Throws Error(BadInput).
std::string normalize_address(std::string_view input);

// True when `token` is an address as resolvers read it in a hosts file (lenient: any IPv4 form
// inet_aton accepts, any IPv6 form including a zone id). Used to recognise entry lines.
bool looks_like_hosts_address(std::string_view token) noexcept;

}  // namespace fshosts
