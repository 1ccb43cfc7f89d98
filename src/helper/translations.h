// gettext set-up for fshosts-helper. The language comes from the request, never from the
// environment (which the helper has already cleared).
#pragma once

#include <filesystem>

namespace fshosts::helper {

// Where the catalogs are: <exe>/../../share/locale (the helper lives in <prefix>/libexec/fshosts/,
// in the build tree too), else the install prefix's locale directory.
std::filesystem::path locale_dir();

// Routes core's _() to the "fshosts" catalog in `locale_dir`, in `language` ("en", "ja").
void setup_translations_for(const char* language, const std::filesystem::path& locale_dir);

}  // namespace fshosts::helper
