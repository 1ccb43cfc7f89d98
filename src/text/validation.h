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

// The planned go-live date of a preview: `2026-12-24`, `2026/12/24`, `2026/1/5`, `2026.12.24`,
// full-width digits, or `2026年12月24日`; a real calendar date in the years 2000-2099. Returns
// YYYY-MM-DD. Throws Error(BadInput) with a translated message on anything else.
std::string normalize_date(std::string_view input);

// True when the C library's hosts parser uses a line whose first field is `token`: glibc reads
// it with inet_pton, AF_INET then AF_INET6 (nss_files/files-hosts.c), so only a dotted quad of
// four decimal numbers without leading zeros, or an IPv6 address without a zone id; a line with
// any other first field is ignored. This is the rule for conflicts (docs/hosts-format.md).
bool is_resolver_address(std::string_view token) noexcept;

// Refuses, with Error(BadInput) and a translated reason, a normalised name the resolver answers
// without reading the hosts file, or answers differently on other systems: `localhost`, its
// subdomains (normalize_domain refuses those already) and `localhost.localdomain`, names under
// `.local` (multicast DNS), the names Microsoft Defender protects (text/protected_names.h) and
// this computer's own name `host_name` (the caller asks the system for it; empty: not checked). Checked where a preview is asked for, not in normalize_domain,
// so a block written by an older version that holds such a name still reads as fshosts' own.
void check_preview_target(std::string_view normalized_name, std::string_view host_name);

}  // namespace fshosts
