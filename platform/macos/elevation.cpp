#include "platform/elevation.h"
#include "platform/user_identity.h"

#include "posix/run_program.h"

#include <unistd.h>

namespace fshosts::platform {

// The authorization prompt (Security.framework, SMJobBless-style helper) is the macOS platform
// work; until then only an administrator's own run (sudo) reaches the helper.
bool can_write_without_elevation(const std::filesystem::path&) { return false; }

std::string_view elevation_command() noexcept { return "sudo"; }

ElevatedRun run_elevated(const std::filesystem::path& helper, std::string_view operation, std::string_view request)
{
    ElevatedRun run;
    if (!is_administrator()) {
        run.diagnostics = "the macOS authorization prompt is not implemented yet";
        return run;
    }
    ProgramResult r = run_program(helper, {std::string(operation)}, {"PATH=/usr/sbin:/usr/bin:/sbin:/bin"}, request);
    run.output = r.out;
    run.diagnostics = r.started ? r.err : r.error;
    if (r.started) {
        run.status = ElevatedRun::Status::Ran;
        run.exit_code = r.exit_code;
    }
    return run;
}

}  // namespace fshosts::platform
