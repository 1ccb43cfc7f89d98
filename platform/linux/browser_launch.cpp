// Linux: the browsers in PATH and the usual locations; Chromium refuses its sandbox as root.
#include "platform/browser_launch.h"

#include <unistd.h>

#include <cstdlib>
#include <string_view>

namespace fshosts::platform {

std::vector<BrowserProgram> browser_candidates()
{
    std::vector<std::filesystem::path> dirs;
    const char* path = std::getenv("PATH");
    std::string_view rest = path ? path : "/usr/local/bin:/usr/bin:/bin";
    while (true) {
        const std::size_t colon = rest.find(':');
        dirs.emplace_back(rest.substr(0, colon));
        if (colon == std::string_view::npos)
            break;
        rest.remove_prefix(colon + 1);
    }
    return linux_browser_candidates(dirs);
}

bool browser_needs_no_sandbox() { return ::geteuid() == 0; }

}  // namespace fshosts::platform
