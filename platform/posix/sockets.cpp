// POSIX: sockets need no start-up.
#include "platform/sockets.h"

namespace fshosts::platform {

void start_sockets() noexcept {}

}  // namespace fshosts::platform
