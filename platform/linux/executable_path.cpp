#include "platform/executable_path.h"

namespace fshosts::platform {

std::filesystem::path executable_path()
{
    std::error_code ec;
    std::filesystem::path p = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : p;
}

}  // namespace fshosts::platform
