#include "gui/app_icons.h"

#include <wx/bitmap.h>
#include <wx/icon.h>
#include <wx/image.h>
#include <wx/mstream.h>

#include <cstddef>
#include <cstdlib>
#include <string>
#include <span>
#include <string_view>

namespace fshosts::gui {

namespace {

struct EmbeddedFile {
    std::string_view name;
    std::span<const unsigned char> data;
};

// The PNGs of icons/hicolor, as `const EmbeddedFile embedded_icons[]`, generated at build time
// by cmake/embed_files.cmake (see src/gui/CMakeLists.txt).
#include "app_icons_data.inc"

}  // namespace

wxIconBundle app_icons(int largest) {
    // Decoding needs wx's PNG handler; add it here so callers need not call wxInitAllImageHandlers.
    if (wxImage::FindHandler(wxBITMAP_TYPE_PNG) == nullptr) {
        wxImage::AddHandler(new wxPNGHandler);
    }
    wxIconBundle bundle;
    for (const EmbeddedFile& file : embedded_icons) {
        if (std::atoi(std::string(file.name).c_str()) > largest) {  // "256x256/apps/fshosts.png"
            continue;
        }
        wxMemoryInputStream stream(file.data.data(), file.data.size());
        wxImage image(stream, wxBITMAP_TYPE_PNG);
        if (!image.IsOk()) {
            continue;  // cannot happen with the committed PNGs; a missing size is not fatal
        }
        wxIcon icon;
        icon.CopyFromBitmap(wxBitmap(image));
        bundle.AddIcon(icon);
    }
    return bundle;
}

}  // namespace fshosts::gui
