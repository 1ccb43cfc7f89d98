// Command lines the CLI suggests to the user (a sudo line, the `fshosts apply` that starts a
// preview): each argument quoted for a POSIX shell where it needs it.
#pragma once

#include <string>

namespace fshosts::cli {

// The argument as a shell reads it back: unchanged when it holds only safe characters.
std::string shell_quote(const std::string& arg);

}  // namespace fshosts::cli
