// Windows: libcurl is linked statically (no DLL to load), so the table holds the linked functions.
#include "probe/curl_api.h"

namespace fshosts::probe {

bool fill_curl_api(CurlApi& api, std::string&)
{
    api.global_init = &curl_global_init;
    api.easy_init = &curl_easy_init;
    api.easy_setopt = &curl_easy_setopt;
    api.easy_perform = &curl_easy_perform;
    api.easy_getinfo = &curl_easy_getinfo;
    api.easy_cleanup = &curl_easy_cleanup;
    api.easy_strerror = &curl_easy_strerror;
    api.slist_append = &curl_slist_append;
    api.slist_free_all = &curl_slist_free_all;
    return true;
}

}  // namespace fshosts::probe
