// gettext set-up for the command-line front ends (fshosts, fshosts-helper).
#pragma once

#include <string>

namespace fshosts::cli {

// Applies the user's locale, binds the "fshosts" catalog (found next to the executable, or in
// the install prefix) and routes core's _() through it. Call once, first thing in main().
void setup_translations();

// "ja" when the user's message language is Japanese, otherwise "en" (sent to fshosts-helper,
// which runs with a cleared environment).
std::string ui_language();

}  // namespace fshosts::cli
