#pragma once
// The fshosts application icon at every size, for window frames, dialogs and the tray.

#include <wx/iconbndl.h>

namespace fshosts::gui {

// The icon from icons/hicolor (16 to 512 px), embedded in the program so it needs no files at
// run time. For a frame: SetIcons(app_icons()); for one size: app_icons().GetIcon(wxSize(16, 16)).
wxIconBundle app_icons();

}  // namespace fshosts::gui
