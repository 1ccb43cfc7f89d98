#pragma once
// The fshosts application icon at every size, for window frames, dialogs and the tray.

#include <wx/iconbndl.h>

namespace fshosts::gui {

// The icon from icons/hicolor (16 to 512 px, or up to `largest` px), embedded in the program so
// it needs no files at run time. For a frame: SetIcons(app_icons(128)); for one size:
// app_icons().GetIcon(wxSize(16, 16)). Each size is decoded into a few copies (wx image, bitmap,
// GTK's): the 256 and 512 px ones cost ~4 MiB, so a frame that needs no large icon asks for less.
wxIconBundle app_icons(int largest = 512);

}  // namespace fshosts::gui
