// Who runs this process: administrator or not, and who asked for a change (for the audit log).
// Kept apart from elevation.h so the root helper does not link the launcher (pkexec) it is
// started by.
#pragma once

#include <string>

namespace fshosts::platform {

// The acting user: the real uid (and its name), plus SUDO_UID / PKEXEC_UID when present, e.g.
// "uid=0(root) sudo_uid=1000(alice)". Windows: the account name.
std::string acting_user();

// True when this process already has administrator rights (real and effective uid 0 / an
// elevated token).
bool is_administrator();

}  // namespace fshosts::platform
