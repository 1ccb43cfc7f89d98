// platform/shared_library.h (POSIX): a library is loaded by its file name and its functions are
// found; a missing library or symbol is an answer with the loader's reason, not a crash.
#include "catch.h"

#include "platform/shared_library.h"

#include <cstddef>

TEST_CASE("a system library is loaded by name and its functions are found and work", "[shared_library]")
{
    const fshosts::platform::SharedLibrary libc = fshosts::platform::load_shared_library("libc.so.6");
    REQUIRE(libc.handle != nullptr);
    CHECK(libc.error.empty());
    void* address = fshosts::platform::find_symbol(libc, "strlen");
    REQUIRE(address != nullptr);
    const auto length = reinterpret_cast<std::size_t (*)(const char*)>(address);
    CHECK(length("www.example.jp") == 14);
    CHECK(fshosts::platform::find_symbol(libc, "fshosts_no_such_function") == nullptr);
}

TEST_CASE("a library that is not there: no handle, the loader's reason naming it", "[shared_library]")
{
    const fshosts::platform::SharedLibrary missing = fshosts::platform::load_shared_library("libfshosts-no-such-library.so.1");
    CHECK(missing.handle == nullptr);
    CHECK_THAT(missing.error, Catch::Matchers::Contains("libfshosts-no-such-library.so.1"));
    CHECK(fshosts::platform::find_symbol(missing, "strlen") == nullptr);
}
