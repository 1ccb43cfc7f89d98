// File paths to and from wx text, as UTF-8 on every system: a path's bytes on Linux and macOS,
// its UTF-16 on Windows (where std::filesystem::path::string() would use the C locale and fail
// on a Japanese folder name). No #ifdef: char8_t strings are UTF-8 by definition in both.
#pragma once

#include <wx/string.h>

#include <filesystem>

namespace fshosts::gui {

wxString path_text(const std::filesystem::path& path);
std::filesystem::path path_from_text(const wxString& text);

}  // namespace fshosts::gui
