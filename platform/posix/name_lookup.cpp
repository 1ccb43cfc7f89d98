// POSIX implementation (Linux and macOS share it).
#include "platform/name_lookup.h"

#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>

namespace fshosts::platform {

NameLookup lookup_name(const std::string& name)
{
    NameLookup out;
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;  // one entry per address, not one per socket type
    addrinfo* list = nullptr;
    const int rc = ::getaddrinfo(name.c_str(), nullptr, &hints, &list);
    if (rc != 0) {
        out.not_found = rc == EAI_NONAME
#ifdef EAI_NODATA
                        || rc == EAI_NODATA
#endif
            ;
        out.error = ::gai_strerror(rc);
        return out;
    }
    for (const addrinfo* a = list; a != nullptr; a = a->ai_next) {
        char text[NI_MAXHOST] = {};
        if (::getnameinfo(a->ai_addr, a->ai_addrlen, text, sizeof text, nullptr, 0, NI_NUMERICHOST) != 0)
            continue;
        std::string address(text);
        if (std::find(out.addresses.begin(), out.addresses.end(), address) == out.addresses.end())
            out.addresses.push_back(std::move(address));
    }
    ::freeaddrinfo(list);
    return out;
}

}  // namespace fshosts::platform
