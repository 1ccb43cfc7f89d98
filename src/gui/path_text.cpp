#include "gui/path_text.h"

#include "base/utf8.h"

#include <string>

namespace fshosts::gui {

wxString path_text(const std::filesystem::path& path)
{
    const std::u8string utf8 = path.u8string();
    return wxString::FromUTF8(displayable(std::string_view(reinterpret_cast<const char*>(utf8.data()), utf8.size()), 4096));
}

std::filesystem::path path_from_text(const wxString& text)
{
    const wxScopedCharBuffer utf8 = text.utf8_str();
    return path_from_utf8(std::string_view(utf8.data(), utf8.length()));
}

std::filesystem::path path_from_utf8(std::string_view bytes)
{
    const auto* begin = reinterpret_cast<const char8_t*>(bytes.data());
    return std::filesystem::path(std::u8string(begin, begin + bytes.size()));
}

}  // namespace fshosts::gui
