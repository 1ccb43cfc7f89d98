// Where fshosts's own files are, found from the running program: the same layout in the build
// tree (build/bin, build/libexec/fshosts, build/share/locale) and in an install (<prefix>/bin,
// <prefix>/libexec/fshosts, <prefix>/share/locale). Every front end and the helper ask here.
#pragma once

#include <filesystem>

namespace fshosts::layout {

// The Contents folder of the macOS app bundle that `program` lies in
// (fshosts.app/Contents/{MacOS,Helpers}/program), or empty when it is not in a bundle. Inside one,
// the helper is Contents/Helpers/fshosts-helper and the catalogs Contents/Resources/locale
// (cmake/macos_bundle.cmake); the functions below use those places then.
std::filesystem::path bundle_contents(const std::filesystem::path& program);
// <prefix>: the folder above bin/ (or above libexec/fshosts/ for the helper); empty when the OS
// cannot tell where the running program is.
std::filesystem::path prefix();

// <prefix>/libexec/fshosts/fshosts-helper, with the running program's extension (.exe on Windows).
std::filesystem::path helper_program();

// <prefix>/share/locale when it exists, else the locale directory the build was configured for.
std::filesystem::path locale_dir();

}  // namespace fshosts::layout
