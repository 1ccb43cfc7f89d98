// gettext set-up for the command-line front ends (fshosts, fshosts-helper).
#pragma once

namespace fshosts::cli {

// Applies the user's locale, binds the "fshosts" catalog (found next to the executable, or in
// the install prefix) and routes core's _() through it. Call once, first thing in main().
void setup_translations();

}  // namespace fshosts::cli
