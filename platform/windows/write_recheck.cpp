// Windows: Microsoft Defender watches the hosts file and acts within about a second of a write
// it objects to (HostsFileHijack: the file is reset, or the offending lines removed); other
// security suites comment lines out on a similar time scale. Two seconds cover that with a
// margin while keeping "Start preview" quick; a program that acts later is not caught, and the
// user still sees it in `fshosts status` and the GUI's banner, which read the file as it is.
#include "platform/write_recheck.h"

namespace fshosts::platform {

std::chrono::milliseconds hosts_recheck_delay() noexcept { return std::chrono::milliseconds(2000); }

}  // namespace fshosts::platform
