// macOS: the browsers' application bundles; the sandbox works for every user.
#include "platform/browser_launch.h"

#include "posix/home_directory.h"

namespace fshosts::platform {

std::vector<BrowserProgram> browser_candidates() { return macos_browser_candidates(home_directory()); }

bool browser_needs_no_sandbox() { return false; }

}  // namespace fshosts::platform
