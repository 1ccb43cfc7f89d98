// Windows: standard input is a console (not a pipe, a file or NUL).
#include "platform/terminal.h"

#include <io.h>
#include <stdio.h>

namespace fshosts::platform {

bool stdin_is_terminal() noexcept { return _isatty(_fileno(stdin)) != 0; }

}  // namespace fshosts::platform
