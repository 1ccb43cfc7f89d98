// Names Microsoft Defender protects in the Windows hosts file. A hosts file that maps one of them
// is detected as SettingsModifier:Win32/HostsFileHijack, and Defender's remedy resets the whole
// file to Windows' default, so every other entry is lost too. fshosts refuses them as preview
// targets on every system (the same input gives the same answer everywhere; a futureshop shop is
// never under these names).
//
// Source, the one place this list comes from:
//   - Microsoft Security Intelligence, "SettingsModifier:Win32/HostsFileHijack" (published
//     2020-01-14, updated 2020-08-07): "entries for certain domains used by the operating system
//     and critical services"; Defender "blocks any attempt to modify the hosts file to insert
//     entries for specific, protected domains" and "will reset the hosts file to default".
//     Microsoft does not publish the list.
//   - BleepingComputer, "Microsoft: Windows 10 HOSTS file blocking telemetry is now a security
//     risk" (2020-07-29): the names below, each found to trigger the detection.
//   microsoft.com and all its subdomains are refused, not only the ones listed: the article's
//   list is what one telemetry blocklist held, and Defender's own description is wider.
#pragma once

#include <string_view>

namespace fshosts {

// True for a lower-case ASCII name (normalize_domain's output) that Defender protects.
bool is_defender_protected_name(std::string_view name) noexcept;

}  // namespace fshosts
