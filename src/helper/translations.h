// gettext set-up for fshosts-helper. The language comes from the request, never from the
// environment (which the helper has already cleared).
#pragma once

#include <filesystem>

namespace fshosts::helper {

// Routes core's _() to the "fshosts" catalog in `locale_dir`, in `language` ("en", "ja").
void setup_translations_for(const char* language, const std::filesystem::path& locale_dir);

}  // namespace fshosts::helper
