// Who asked for a change, for the audit log.
#pragma once

#include <string>

namespace fshosts::platform {

// The acting user: the real uid (and its name), plus SUDO_UID / PKEXEC_UID when present, e.g.
// "uid=0(root) sudo_uid=1000(alice)". Windows: the account name.
std::string acting_user();

}  // namespace fshosts::platform
