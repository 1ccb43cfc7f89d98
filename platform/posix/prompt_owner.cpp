// Linux and macOS: the authorization prompt (pkexec's agent, the macOS one) places itself; no
// owner window is needed (platform/elevation.h).
#include "platform/elevation.h"

namespace fshosts::platform {

void set_prompt_owner(void*) noexcept {}

}  // namespace fshosts::platform
