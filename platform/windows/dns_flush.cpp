// Windows: DnsFlushResolverCache, an undocumented export of dnsapi.dll (what `ipconfig
// /flushdns` calls), looked up at run time so its absence is a warning, not a load failure.
#include "platform/dns_flush.h"

#include "base/i18n.h"

#include <windows.h>

#include <cstring>

namespace fshosts::platform {

std::vector<FlushResult> flush_dns_caches()
{
    FlushResult result{"Windows DNS client", false, "DnsFlushResolverCache"};
    HMODULE dnsapi = LoadLibraryExW(L"dnsapi.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32);
    if (!dnsapi) {
        result.detail = trf("Cannot load {0} (error {1}).", "dnsapi.dll", GetLastError());
        return {result};
    }
    using FlushFn = BOOL(WINAPI*)();
    FARPROC proc = GetProcAddress(dnsapi, "DnsFlushResolverCache");
    if (!proc) {
        result.detail = trf("{0} is not available on this version of Windows.", "DnsFlushResolverCache");
    } else {
        FlushFn flush = nullptr;
        static_assert(sizeof flush == sizeof proc);
        std::memcpy(&flush, &proc, sizeof flush);  // FARPROC to the real signature, without a cast warning
        if (flush())
            result.ok = true;
        else
            result.detail = trf("{0} failed (error {1}).", "DnsFlushResolverCache", GetLastError());
    }
    FreeLibrary(dnsapi);
    return {result};
}

}  // namespace fshosts::platform
