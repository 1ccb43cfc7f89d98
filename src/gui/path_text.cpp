#include "gui/path_text.h"

#include <string>

namespace fshosts::gui {

wxString path_text(const std::filesystem::path& path)
{
    const std::u8string utf8 = path.u8string();
    return wxString::FromUTF8(reinterpret_cast<const char*>(utf8.data()), utf8.size());
}

std::filesystem::path path_from_text(const wxString& text)
{
    const wxScopedCharBuffer utf8 = text.utf8_str();
    const auto* begin = reinterpret_cast<const char8_t*>(utf8.data());
    return std::filesystem::path(std::u8string(begin, begin + utf8.length()));
}

}  // namespace fshosts::gui
