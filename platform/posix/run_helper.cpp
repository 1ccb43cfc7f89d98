// POSIX: also compiled on macOS. Apart from run_program.cpp so that fshosts-helper, which runs
// programs itself (DNS flushes), does not link the code that starts it.
#include "posix/run_program.h"

#include <cstdlib>

namespace fshosts::platform {

ProgramResult run_helper_as_administrator(const std::filesystem::path& helper, std::string_view operation,
                                          std::string_view request)
{
    std::vector<std::string> env{"PATH=/usr/sbin:/usr/bin:/sbin:/bin"};
    if (const char* sudo_uid = std::getenv("SUDO_UID"))
        env.push_back(std::string("SUDO_UID=") + sudo_uid);
    return run_program(helper, {std::string(operation)}, env, request);
}

}  // namespace fshosts::platform
