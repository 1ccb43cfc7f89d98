// Linux and macOS: libcurl is loaded when the first probe runs, by the file name CMake chose
// (FSHOSTS_LIBCURL_NAME: libcurl.so.4 on Linux, libcurl.4.dylib on macOS).
#include "platform/shared_library.h"
#include "probe/curl_api.h"

namespace fshosts::probe {
namespace {

template <class Function>
bool find(const platform::SharedLibrary& library, const char* name, Function& out, std::string& error)
{
    void* address = platform::find_symbol(library, name);
    if (address == nullptr) {
        error = std::string(FSHOSTS_LIBCURL_NAME) + " has no " + name + " (libcurl 7.70 or newer is needed)";
        return false;
    }
    out = reinterpret_cast<Function>(address);
    return true;
}

}  // namespace

bool fill_curl_api(CurlApi& api, std::string& error)
{
    const platform::SharedLibrary library = platform::load_shared_library(FSHOSTS_LIBCURL_NAME);
    if (library.handle == nullptr) {
        error = library.error;
        return false;
    }
    return find(library, "curl_global_init", api.global_init, error) && find(library, "curl_easy_init", api.easy_init, error) &&
           find(library, "curl_easy_setopt", api.easy_setopt, error) &&
           find(library, "curl_easy_perform", api.easy_perform, error) &&
           find(library, "curl_easy_getinfo", api.easy_getinfo, error) &&
           find(library, "curl_easy_cleanup", api.easy_cleanup, error) &&
           find(library, "curl_easy_strerror", api.easy_strerror, error) &&
           find(library, "curl_slist_append", api.slist_append, error) &&
           find(library, "curl_slist_free_all", api.slist_free_all, error);
}

}  // namespace fshosts::probe
