// core/installed_layout.h: a program inside the macOS app bundle finds the helper in
// Contents/Helpers and the catalogs in Contents/Resources/locale (cmake/macos_bundle.cmake);
// anywhere else the Unix layout applies. Label macos.
#include "catch.h"

#include "core/installed_layout.h"

#include <filesystem>

namespace fs = std::filesystem;
using fshosts::layout::bundle_contents;

TEST_CASE("bundle_contents: the GUI, the CLI and the helper inside fshosts.app", "[macos]")
{
    const fs::path contents = "/Applications/fshosts.app/Contents";
    CHECK(bundle_contents(contents / "MacOS" / "fshosts") == contents);
    CHECK(bundle_contents(contents / "Helpers" / "fshosts-helper") == contents);
    CHECK(bundle_contents(contents / "Helpers" / "fshosts") == contents);
    CHECK(bundle_contents("/Users/a b/Desktop/fshosts 2.app/Contents/MacOS/fshosts") == "/Users/a b/Desktop/fshosts 2.app/Contents");
}

TEST_CASE("bundle_contents: programs outside a bundle use the Unix layout", "[macos]")
{
    CHECK(bundle_contents("/usr/bin/fshosts").empty());
    CHECK(bundle_contents("/usr/libexec/fshosts/fshosts-helper").empty());
    CHECK(bundle_contents("/work/build/bin/fshosts-gui").empty());
    CHECK(bundle_contents("/opt/MacOS/fshosts").empty());           // no Contents above
    CHECK(bundle_contents("/x/Contents/Resources/fshosts").empty());  // not a program folder
    CHECK(bundle_contents("fshosts").empty());
}
