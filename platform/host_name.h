// This computer's own name, as the resolver answers it without the hosts file (nss-myhostname,
// systemd-resolved, Windows' DNS client), so it is never a preview target.
#pragma once

#include <string>

namespace fshosts::platform {

// The host name (POSIX: gethostname; Windows: the fully qualified DNS name), or "" when the
// system does not say.
std::string host_name();

}  // namespace fshosts::platform
