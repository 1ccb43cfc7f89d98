#include "platform/executable_path.h"

#include <mach-o/dyld.h>

#include <cstdint>
#include <vector>

namespace fshosts::platform {

std::filesystem::path executable_path()
{
    std::uint32_t size = 0;
    _NSGetExecutablePath(nullptr, &size);
    std::vector<char> buffer(size + 1, '\0');
    if (_NSGetExecutablePath(buffer.data(), &size) != 0)
        return {};
    std::error_code ec;
    std::filesystem::path p = std::filesystem::canonical(buffer.data(), ec);
    return ec ? std::filesystem::path(buffer.data()) : p;
}

}  // namespace fshosts::platform
