#include "platform/elevation.h"

#include <windows.h>

namespace fshosts::platform {

// UAC (ShellExecuteExW "runas" on the helper with its requireAdministrator manifest, the
// request passed through a private pipe) is the Windows platform work; not available yet.
ElevatedRun run_elevated(const std::filesystem::path&, std::string_view, std::string_view)
{
    ElevatedRun run;
    run.diagnostics = "UAC elevation is not implemented yet";
    return run;
}

}  // namespace fshosts::platform
