// POSIX implementation (Linux and macOS share it).
#include "platform/host_name.h"

#include <unistd.h>

#include <cstring>

namespace fshosts::platform {

std::string host_name()
{
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0)
        return {};
    return std::string(name, ::strnlen(name, sizeof name - 1));
}

}  // namespace fshosts::platform
