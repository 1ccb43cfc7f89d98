#include "platform/elevation.h"
#include "platform/user_identity.h"

#include "posix/run_program.h"

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace fshosts::platform {
namespace {

constexpr const char* pkexec_path = "/usr/bin/pkexec";
// pkexec's own exit codes (pkexec(1)).
constexpr int pkexec_dismissed = 126;
constexpr int pkexec_not_authorized = 127;

// The variables a graphical authentication agent or pkexec itself may need; nothing else.
std::vector<std::string> pkexec_environment()
{
    std::vector<std::string> env{"PATH=/usr/sbin:/usr/bin:/sbin:/bin"};
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "XAUTHORITY", "DBUS_SESSION_BUS_ADDRESS", "XDG_RUNTIME_DIR", "LANG",
                             "LANGUAGE", "LC_ALL", "LC_MESSAGES"})
        if (const char* value = std::getenv(name))
            env.push_back(std::string(name) + "=" + value);
    return env;
}

}  // namespace

bool can_write_without_elevation(const std::filesystem::path&) { return false; }

std::string_view elevation_command() noexcept { return "sudo"; }

ElevatedRun run_elevated(const std::filesystem::path& helper, std::string_view operation, std::string_view request)
{
    ElevatedRun run;
    ProgramResult r;
    if (is_administrator()) {
        r = run_helper_as_administrator(helper, operation, request);
    } else {
        if (::access(pkexec_path, X_OK) != 0) {
            run.diagnostics = std::string(pkexec_path) + " is not installed";
            return run;
        }
        r = run_program(pkexec_path, {"--disable-internal-agent", helper.string(), std::string(operation)},
                        pkexec_environment(), request);
    }
    run.output = r.out;
    run.diagnostics = r.started ? r.err : r.error;
    if (!r.started)
        return run;  // Unavailable
    run.exit_code = r.exit_code;
    if (!is_administrator() && r.exit_code == pkexec_dismissed && r.out.empty())
        run.status = ElevatedRun::Status::Cancelled;
    else if (!is_administrator() && r.exit_code == pkexec_not_authorized && r.out.empty())
        run.status = ElevatedRun::Status::NotAuthorized;
    else
        run.status = ElevatedRun::Status::Ran;
    return run;
}

}  // namespace fshosts::platform
