// What the fuzz targets share: the entry point libFuzzer calls, and FUZZ_CHECK, a property that
// must hold for every input. A broken property prints what broke and aborts, which libFuzzer
// reports as a crash (saving the input) and the replay main of the gcc build dies of the same way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace fshosts::fuzz {

// `bytes` as a C string literal would write them, cut after `limit` bytes: for failure messages.
inline std::string show(std::string_view bytes, std::size_t limit = 400)
{
    std::string out = "\"";
    for (std::size_t i = 0; i < bytes.size() && i < limit; ++i) {
        const auto c = static_cast<unsigned char>(bytes[i]);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += static_cast<char>(c);
        } else if (c >= 0x20 && c < 0x7F) {
            out += static_cast<char>(c);
        } else {
            char escape[8];
            std::snprintf(escape, sizeof escape, "\\x%02X", c);
            out += escape;
        }
    }
    out += bytes.size() > limit ? "\"..." : "\"";
    return out;
}

[[noreturn]] inline void fail(const char* condition, const char* file, int line, const std::string& detail)
{
    std::fprintf(stderr, "\nFUZZ_CHECK failed at %s:%d: %s\n%s\n", file, line, condition, detail.c_str());
    std::fflush(stderr);
    std::abort();
}

}  // namespace fshosts::fuzz

// FUZZ_CHECK(condition, detail): `detail` (a std::string expression) is only built on failure.
#define FUZZ_CHECK(condition, detail)                                                  \
    do {                                                                               \
        if (!(condition))                                                              \
            ::fshosts::fuzz::fail(#condition, __FILE__, __LINE__, std::string(detail)); \
    } while (false)
