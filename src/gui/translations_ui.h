// wxTranslations set-up for fshosts-gui (the GUI counterpart of cli/translations.h): wx's own
// catalog for stock text, the "fshosts" catalog for ours, and core's _() routed through wx.
#pragma once

#include <string>

namespace fshosts::gui {

// Sets up translations once, before any window exists. `requested` is the --lang value
// ("ja", "en") or empty to follow the OS. Returns the language in use, "ja" or "en", which is
// also what fshosts-helper is told to answer in.
std::string setup_language(const std::string& requested);

}  // namespace fshosts::gui
