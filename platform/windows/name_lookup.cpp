#include "platform/name_lookup.h"

// Winsock's headers before <windows.h> (which windows/wide.h includes): mingw-w64 warns otherwise.
#include <winsock2.h>
#include <ws2tcpip.h>

#include "windows/wide.h"

#include <algorithm>

namespace fshosts::platform {

using windows::error_text;
using windows::to_utf8;
using windows::to_wide;

namespace {

// Winsock must be started before getaddrinfo; WSAStartup/WSACleanup are reference-counted, so
// each lookup takes and drops its own reference (libcurl does the same with its own).
struct Winsock {
    bool ok = false;
    Winsock()
    {
        WSADATA data{};
        ok = ::WSAStartup(MAKEWORD(2, 2), &data) == 0;
    }
    ~Winsock()
    {
        if (ok)
            ::WSACleanup();
    }
    Winsock(const Winsock&) = delete;
    Winsock& operator=(const Winsock&) = delete;
};

}  // namespace

NameLookup lookup_name(const std::string& name)
{
    NameLookup out;
    Winsock winsock;
    if (!winsock.ok) {
        out.error = error_text(static_cast<DWORD>(::WSAGetLastError()));
        return out;
    }
    ADDRINFOW hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    ADDRINFOW* list = nullptr;
    const int rc = ::GetAddrInfoW(to_wide(name).c_str(), nullptr, &hints, &list);
    if (rc != 0) {
        out.not_found = rc == WSAHOST_NOT_FOUND || rc == WSANO_DATA;
        out.error = error_text(static_cast<DWORD>(rc));
        return out;
    }
    for (const ADDRINFOW* a = list; a != nullptr; a = a->ai_next) {
        wchar_t text[NI_MAXHOST] = {};
        if (::GetNameInfoW(a->ai_addr, static_cast<socklen_t>(a->ai_addrlen), text, NI_MAXHOST, nullptr, 0, NI_NUMERICHOST) != 0)
            continue;
        std::string address = to_utf8(std::wstring_view(text));
        if (std::find(out.addresses.begin(), out.addresses.end(), address) == out.addresses.end())
            out.addresses.push_back(std::move(address));
    }
    ::FreeAddrInfoW(list);
    return out;
}

}  // namespace fshosts::platform
