// POSIX implementation (Linux and macOS share it).
#include "platform/terminal.h"

#include <unistd.h>

namespace fshosts::platform {

bool stdin_is_terminal() noexcept { return ::isatty(STDIN_FILENO) == 1; }

}  // namespace fshosts::platform
