// The test build fshosts-faults has no network commands (src/cli/CMakeLists.txt): no `browser`.
#include "cli/browser_command.h"

namespace fshosts::cli {

void add_browser_command(CLI::App&, BrowserCommand&, bool&) {}

std::optional<int> run_browser_command(const BrowserCommand&, bool) { return std::nullopt; }

}  // namespace fshosts::cli
