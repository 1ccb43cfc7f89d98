// Hosts files for the bench: a default Debian/Ubuntu file, and blocklist-shaped files of a given
// number of lines (the shape of the large hosts files people install against ads and trackers).
// The content is deterministic (fixed seed), so every run measures the same bytes.
#pragma once

#include <cstddef>
#include <string>

namespace fshosts::bench {

// The 2M-line file must stay below this: a later hardening of the core caps reads around 64 MiB.
inline constexpr std::size_t max_generated_bytes = 64u * 1024u * 1024u;

// ~10 lines as a fresh Debian/Ubuntu install has them (tabs, IPv6 names, a comment).
std::string default_hosts_file();

// `lines` lines: a commented header, localhost entries, then `0.0.0.0 name` lines with section
// comments and blank lines sprinkled in. `crlf` ends lines with CR LF.
std::string blocklist_hosts_file(std::size_t lines, bool crlf = false);

}  // namespace fshosts::bench
