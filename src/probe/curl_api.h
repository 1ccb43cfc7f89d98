// The libcurl functions src/probe uses, as a table filled once: loaded from the shared library on
// Linux and macOS when the first probe runs (curl_api_loaded.cpp; a run that does not probe never
// loads libcurl and its ~35 dependencies, docs/probe.md), the statically linked functions on
// Windows (curl_api_linked.cpp). CMake picks the file; curl's headers give the types and constants.
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <string>

namespace fshosts::probe {

struct CurlApi {
    CURLcode (*global_init)(long flags) = nullptr;
    CURL* (*easy_init)() = nullptr;
    CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...) = nullptr;
    CURLcode (*easy_perform)(CURL* handle) = nullptr;
    CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...) = nullptr;
    void (*easy_cleanup)(CURL* handle) = nullptr;
    const char* (*easy_strerror)(CURLcode code) = nullptr;
    curl_slist* (*slist_append)(curl_slist* list, const char* text) = nullptr;
    void (*slist_free_all)(curl_slist* list) = nullptr;
};

struct CurlLoad {
    const CurlApi* api = nullptr;  // every function set and curl_global_init done; nullptr: see error
    std::string error;             // why libcurl cannot be used (the loader's text, English)
};

// libcurl, loaded and initialised on the first call (thread-safe); the same answer afterwards.
const CurlLoad& curl_library();

// Filled by curl_api_loaded.cpp or curl_api_linked.cpp: every function of `api`, or false with
// `error` set. Called once, by curl_library().
bool fill_curl_api(CurlApi& api, std::string& error);

}  // namespace fshosts::probe
