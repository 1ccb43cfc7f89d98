// Linux and macOS: no security program is known to undo hosts-file changes there, so a write is
// not read again (no delay for the user).
#include "platform/write_recheck.h"

namespace fshosts::platform {

std::chrono::milliseconds hosts_recheck_delay() noexcept { return std::chrono::milliseconds(0); }

}  // namespace fshosts::platform
