// macOS elevation, tier 2 (docs/macos.md, "Elevation"): root runs the helper directly; anyone
// else gets the system authorization prompt once per change, through osascript's `do shell
// script ... with administrator privileges`. The script is constant and all data travels in
// osascript's argv (platform/authorization_prompt.h, tested on Linux); this file only starts it.
#include "platform/authorization_prompt.h"
#include "platform/elevation.h"
#include "platform/user_identity.h"
#include "platform/write_access.h"

#include "base/i18n.h"
#include "posix/run_program.h"

#include <unistd.h>

#include <cstdlib>
#include <string>
#include <vector>

namespace fshosts::platform {
namespace {

bool always_elevate()
{
    const char* value = std::getenv("FSHOSTS_ALWAYS_ELEVATE");
    return value != nullptr && std::string_view(value) == "1";
}

// What osascript may need to show the prompt and read its arguments as UTF-8; nothing else.
std::vector<std::string> osascript_environment()
{
    std::vector<std::string> env{"PATH=/usr/bin:/bin:/usr/sbin:/sbin"};
    for (const char* name : {"HOME", "USER", "LOGNAME", "TMPDIR", "LANG", "LC_ALL", "__CF_USER_TEXT_ENCODING"})
        if (const char* value = std::getenv(name))
            env.push_back(std::string(name) + "=" + value);
    return env;
}

}  // namespace

// A user whom IT gave /etc/hosts (their own file, in a folder they may add to) writes it without
// a prompt; root always goes through the helper and its audit log, as on Linux.
bool can_write_without_elevation(const std::filesystem::path& hosts)
{
    return !is_administrator() && !always_elevate() && may_replace_file(hosts);
}

std::string_view elevation_command() noexcept { return "sudo"; }

ElevatedRun run_elevated(const std::filesystem::path& helper, std::string_view operation, std::string_view request)
{
    ElevatedRun run;
    if (is_administrator()) {
        const ProgramResult r = run_helper_as_administrator(helper, operation, request);
        run.output = r.out;
        run.diagnostics = r.started ? r.err : r.error;
        if (r.started) {
            run.status = ElevatedRun::Status::Ran;
            run.exit_code = r.exit_code;
        }
        return run;
    }
    const std::optional<std::vector<std::string>> args = authorization_prompt_arguments(
        {helper.string(), std::string(operation), std::string(request), std::to_string(::getuid())});
    if (!args) {
        run.diagnostics = trf("the helper's path or the request cannot be passed to {0} unchanged", std::string(osascript_path));
        return run;
    }
    // No time limit: the prompt waits for the user.
    const ProgramResult r = run_program(std::string(osascript_path), *args, osascript_environment(), {});
    if (!r.started) {
        run.diagnostics = r.error;
        return run;
    }
    return authorization_prompt_result(r.exit_code, r.out, r.err);
}

}  // namespace fshosts::platform
