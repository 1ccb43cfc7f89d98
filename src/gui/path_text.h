// File paths to and from wx text, as UTF-8 on every system: a path's bytes on Linux and macOS,
// its UTF-16 on Windows (where std::filesystem::path::string() would use the C locale and fail
// on a Japanese folder name). No #ifdef: char8_t strings are UTF-8 by definition in both.
#pragma once

#include <wx/string.h>

#include <filesystem>
#include <string_view>

namespace fshosts::gui {

// For showing: bytes that are not UTF-8 (a Linux file name can hold any) are shown escaped, as
// displayable() shows them, instead of making the whole text empty.
wxString path_text(const std::filesystem::path& path);
std::filesystem::path path_from_text(const wxString& text);
// A path from bytes taken as they are on Linux and macOS, from UTF-8 on Windows (argv there is
// UTF-8 through the manifest's activeCodePage).
std::filesystem::path path_from_utf8(std::string_view bytes);

}  // namespace fshosts::gui
