// POSIX: also compiled on macOS.
#include "posix/flush_command.h"

#include "base/i18n.h"
#include "posix/run_program.h"

#include <chrono>

namespace fshosts::platform::detail {

FlushResult run_flush(const char* cache, const char* program, const std::vector<std::string>& args)
{
    constexpr std::chrono::seconds flush_timeout{5};
    std::string command = program;
    for (const std::string& a : args)
        command += " " + a;
    const ProgramResult r = run_program(program, args, {"PATH=/usr/sbin:/usr/bin:/sbin:/bin"}, {}, flush_timeout);
    FlushResult result{cache, false, command};
    if (!r.started)
        result.detail = trf("Cannot start {0}: {1}", command, r.error);
    else if (r.timed_out)
        result.detail = trf("{0} did not finish within {1} seconds and was stopped.", command, flush_timeout.count());
    else if (r.exit_code != 0)
        result.detail = trf("{0} failed with exit code {1}.", command, r.exit_code);
    else
        result.ok = true;
    return result;
}

}  // namespace fshosts::platform::detail
