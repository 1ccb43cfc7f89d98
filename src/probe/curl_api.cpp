#include "probe/curl_api.h"

#include <mutex>

namespace fshosts::probe {

const CurlLoad& curl_library()
{
    static CurlApi api;
    static CurlLoad load;
    static std::once_flag once;
    std::call_once(once, [] {
        if (!fill_curl_api(api, load.error))
            return;
        if (const CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
            load.error = std::string("curl_global_init: ") + api.easy_strerror(code);
            return;
        }
        load.api = &api;
    });
    return load;
}

}  // namespace fshosts::probe
