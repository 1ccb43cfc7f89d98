// Windows: Winsock 2.2, started once; c-ares expects the program to have done it.
#include "platform/sockets.h"

#include <winsock2.h>

#include <mutex>

namespace fshosts::platform {

void start_sockets() noexcept
{
    static std::once_flag once;
    std::call_once(once, [] {
        WSADATA data;
        (void)WSAStartup(MAKEWORD(2, 2), &data);  // on failure the first socket call reports it
    });
}

}  // namespace fshosts::platform
